import { z } from 'zod';
import { ConfigError } from './config.problems';

/**
 * Building blocks of the configuration loaders: each loader describes its
 * environment variables as one zod schema, and every issue of a parse becomes
 * one problem `NAME message` of a single ConfigError. Messages are therefore
 * written to follow the variable's name: `must be a port number`.
 */

export type RunMode = 'production' | 'development' | 'test';

const RUN_MODES = ['production', 'development', 'test'] as const;

/** The issue as a sentence: the variable it is about (its path), then the message. */
function problemOf(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.');
  return name ? `${name} ${issue.message}` : issue.message;
}

/** Parses the environment with a schema of its variables; throws one ConfigError listing every issue. */
export function parseSettings<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map(problemOf));
  return result.data;
}

const runModeSetting = z.object({
  NODE_ENV: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const mode = value?.trim() || 'development';
      if ((RUN_MODES as readonly string[]).includes(mode)) return mode as RunMode;
      ctx.addIssue({ code: 'custom', message: `must be production, development or test, not "${value}"` });
      return z.NEVER;
    }),
});

/**
 * The run mode from `NODE_ENV`. Unset means development; any value other than
 * `production`, `development` or `test` stops start-up, because a typo such as
 * `NODE_ENV=prod` would otherwise silently switch on every development
 * convenience (dev token issuer, dev keys) on a production host.
 */
export function runtimeMode(env: NodeJS.ProcessEnv = process.env): RunMode {
  return parseSettings(runModeSetting, env).NODE_ENV;
}

/**
 * Parses with the schema for the run mode, reporting every problem at once:
 * with an unrecognised `NODE_ENV` that one is listed and the other variables
 * are checked as for production, so a single attempt shows all that
 * production would refuse.
 */
export function readSettings<S extends z.ZodType>(
  env: NodeJS.ProcessEnv,
  schemaFor: (mode: RunMode) => S,
): { mode: RunMode; settings: z.output<S> } {
  const mode = runModeSetting.safeParse(env);
  const settings = schemaFor(mode.success ? mode.data.NODE_ENV : 'production').safeParse(env);
  const issues = [...(mode.error?.issues ?? []), ...(settings.error?.issues ?? [])];
  if (!mode.success || !settings.success) throw new ConfigError(issues.map(problemOf));
  return { mode: mode.data.NODE_ENV, settings: settings.data };
}

/**
 * Lets a rule over several variables (`.superRefine(rule, ALONGSIDE_OTHER_PROBLEMS)`)
 * run even when one of the variables failed on its own; zod skips it otherwise,
 * and its problem would only show on the next start attempt.
 */
export const ALONGSIDE_OTHER_PROBLEMS = { when: (): boolean => true };

/** Trimmed text; an unset or blank variable counts as unset (compose files often set `NAME=`). */
export function optionalText() {
  return z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined);
}

/** Trimmed text that must be there; `message` says why, e.g. `is required in production`. */
export function requiredText(message: string) {
  return optionalText().pipe(z.string({ error: message }));
}

/**
 * A whole number (digits only) from `min` to `max`; unset is `fallback`.
 * `message` gets the raw value, for messages that quote it.
 */
export function wholeNumber(options: {
  fallback: number;
  min: number;
  max?: number;
  message: string | ((raw: string) => string);
}) {
  const { fallback, min, max = Number.MAX_SAFE_INTEGER, message } = options;
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const raw = value?.trim();
      if (!raw) return fallback;
      // Number('') is 0 and parseInt('6x') is 6: only plain digits are a number here.
      const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (Number.isSafeInteger(parsed) && parsed >= min && parsed <= max) return parsed;
      ctx.addIssue({ code: 'custom', message: typeof message === 'string' ? message : message(value ?? '') });
      return z.NEVER;
    });
}

/** A TCP port to listen on (0 lets the system choose); unset is `undefined`. */
export function optionalPort() {
  return optionalText().pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .refine((port) => port <= 65_535, 'must be a port number')
      .optional(),
  );
}

/**
 * A 32-byte key, base64-encoded (AES-256, HMAC-SHA256). Outside production an
 * unset key is the public `devDefault`, so `npm start` works without setup; in
 * production it is required.
 */
export function base64Key(mode: RunMode, devDefault: string) {
  return optionalText().transform((raw, ctx) => {
    if (raw === undefined) {
      if (mode !== 'production') return Buffer.from(devDefault, 'base64');
      ctx.addIssue({ code: 'custom', message: 'is required in production (32 random bytes, base64)' });
      return z.NEVER;
    }
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length === 32 && bytes.toString('base64') === raw) return bytes;
    ctx.addIssue({ code: 'custom', message: 'must be exactly 32 bytes, base64-encoded' });
    return z.NEVER;
  });
}

import { parseArgs } from 'node:util';

/** Parsed `--name value` / `--flag` options of one command. */
export interface ParsedArguments {
  options: Record<string, string | true>;
}

/** One `--name` option of a command, as its help shows it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** How the help names a string option's value, e.g. `<n>`. */
  readonly value?: string;
  /** The command cannot run without it. */
  readonly required?: boolean;
  readonly description: string;
}

/** What `ketenpad <name>` accepts, and the help it prints. */
export interface CommandSpec {
  readonly name: string;
  /** One line for `ketenpad --help`. */
  readonly summary: string;
  /** Further lines for `ketenpad <name> --help`. */
  readonly details?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

/** A command line the command refuses: the CLI prints the message and the command's usage and exits 2. */
export class UsageError extends Error {}

export type ParseOutcome = { readonly kind: 'help' } | { readonly kind: 'run'; readonly args: ParsedArguments };

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Parses a command's arguments strictly (node:util parseArgs): an unknown
 * option, a missing value or a stray argument throws a {@link UsageError}.
 * `--help` or `-h` anywhere before `--` asks for help, even next to mistakes.
 */
export function parseCommandArguments(spec: CommandSpec, argv: readonly string[]): ParseOutcome {
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg))) return { kind: 'help' };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(spec.options).map(([name, option]) => [name, { type: option.type }])),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(describeParseError(spec, error));
  }
  const options: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || value === true) options[name] = value;
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && options[name] === undefined)
      throw new UsageError(`missing --${name} ${option.value ?? ''}`.trimEnd());
  }
  return { kind: 'run', args: { options } };
}

function describeParseError(spec: CommandSpec, error: unknown): string {
  // Not `instanceof Error`: node's own errors come from another realm under jest.
  const full = (error as { message?: unknown }).message;
  const message = typeof full === 'string' ? (full.split('\n')[0] ?? full) : String(error);
  const [, dashes, unknown] = /^Unknown option '(-{1,2})([^']+)'/.exec(message) ?? [];
  if (unknown === undefined) return message.charAt(0).toLowerCase() + message.slice(1);
  const near = Object.keys(spec.options).find((name) => name.startsWith(unknown) || unknown.startsWith(name));
  return `unknown option '${dashes}${unknown}'${near ? ` (did you mean --${near}?)` : ''}`;
}

export function stringOption(args: ParsedArguments, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole-number option from `min` to `max`; undefined when absent. */
export function wholeNumberOption(args: ParsedArguments, name: string, min: number, max?: number): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not "${raw}"`);
  }
  return value;
}

/** `ketenpad <name> --help`: synopsis, details and every option. */
export function commandUsage(spec: CommandSpec): string {
  const entries = Object.entries(spec.options);
  const label = ([name, option]: [string, OptionSpec]): string => `--${name}${option.value ? ` ${option.value}` : ''}`;
  const synopsis = [
    `ketenpad ${spec.name}`,
    ...entries.filter(([, option]) => option.required).map(label),
    ...(entries.some(([, option]) => !option.required) ? ['[options]'] : []),
  ].join(' ');
  const rows: [string, string][] = [
    ...entries.map((entry): [string, string] => [label(entry), entry[1].description]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return [
    `usage: ${synopsis}`,
    '',
    spec.summary,
    ...(spec.details ? [spec.details] : []),
    '',
    'options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
  ].join('\n');
}

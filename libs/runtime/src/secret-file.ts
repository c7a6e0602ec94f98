import { readFileSync } from 'node:fs';
import { ConfigError } from './config.problems';

/**
 * Settings that hold a secret (or, like a PEM key, are awkward in an
 * environment variable). Each may instead be given as a file, as container
 * orchestrators mount secrets: `MUNICIPALITY_DATA_KEY_FILE=/run/secrets/key`.
 */
export const SECRET_SETTINGS: readonly string[] = [
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'AUTH_PUBLIC_KEY',
  'MUNICIPALITY_DATA_KEY',
  'MUNICIPALITY_BSN_INDEX_KEY',
  'KETENPAD_PSEUDONYM_KEY',
  'PARTNER_GATEWAY_SECRET_KEY',
  'PORTAL_OIDC_CLIENT_SECRET',
  'METRICS_TOKEN',
];

/**
 * Reads each `NAME_FILE` of {@link SECRET_SETTINGS} into `NAME` of `env`
 * (without the file's trailing line break), before the configuration loaders
 * read `NAME`. A file that cannot be read, or a secret set both ways, is a
 * problem; all of them are thrown together once every readable file is applied.
 */
export function applySecretFiles(env: NodeJS.ProcessEnv = process.env): void {
  const problems: string[] = [];
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push(`${name} and ${name}_FILE are both set: set one of them`);
      continue;
    }
    try {
      env[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE cannot be read: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

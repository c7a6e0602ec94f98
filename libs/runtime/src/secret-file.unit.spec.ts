import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from './config';
import { ConfigError } from './config.problems';
import { applySecretFiles } from './secret-file';

/** The problems a load reports, or none. */
function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('secrets from files (NAME_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ketenpad-secret-'));
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads NAME_FILE into NAME without the trailing line break, before the loaders read NAME', () => {
    // given
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      KAFKA_BROKERS: 'k:9092',
      DATABASE_URL_FILE: file('database-url', 'postgres://ketenpad:s3cret@db/ketenpad\n'),
    };

    // when
    applySecretFiles(env);

    // then
    expect(env.DATABASE_URL).toBe('postgres://ketenpad:s3cret@db/ketenpad');
    expect(loadServiceConfig('gp', env).databaseUrl).toBe('postgres://ketenpad:s3cret@db/ketenpad');
  });

  it('refuses a secret set both ways and a file it cannot read, and still applies the readable ones', () => {
    // given
    const env: NodeJS.ProcessEnv = {
      MUNICIPALITY_DATA_KEY: 'inline',
      MUNICIPALITY_DATA_KEY_FILE: file('data-key', 'from-file'),
      PARTNER_GATEWAY_SECRET_KEY_FILE: join(dir, 'missing'),
      KETENPAD_PSEUDONYM_KEY_FILE: file('pseudonym-key', 'cHNldWRvbnltLWtleQ==\r\n'),
    };

    // when
    const problems = problemsOf(() => applySecretFiles(env));

    // then
    expect(problems).toEqual([
      'MUNICIPALITY_DATA_KEY and MUNICIPALITY_DATA_KEY_FILE are both set: set one of them',
      expect.stringMatching(/^PARTNER_GATEWAY_SECRET_KEY_FILE cannot be read: ENOENT/),
    ]);
    expect(env.MUNICIPALITY_DATA_KEY).toBe('inline');
    expect(env.KETENPAD_PSEUDONYM_KEY).toBe('cHNldWRvbnltLWtleQ==');
  });
});

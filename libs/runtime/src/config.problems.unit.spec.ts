import { loadHttpConfig, loadServiceConfig } from './config';
import { checkSettings, ConfigError } from './config.problems';
import { runtimeMode } from './config.schema';
import { startFailureMessage } from './start-failure';

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

describe('checkSettings', () => {
  it('runs every loader and lists the problems of all of them in one error, a shared one once', () => {
    // given
    const env = { NODE_ENV: 'prod', KAFKA_BROKERS: 'k:9092', HTTP_JSON_MAX_DEPTH: '0' };
    const older = (): never => {
      throw new Error('TIMELINE_STALLED_DAYS must be a whole number from 1 to 3650, got "x"');
    };

    // when
    const problems = problemsOf(() =>
      checkSettings([() => loadServiceConfig('gp', env), () => loadHttpConfig(env), older, () => runtimeMode(env)]),
    );

    // then
    expect(problems).toEqual([
      'NODE_ENV must be production, development or test, not "prod"',
      'DATABASE_URL is required in production',
      'HTTP_JSON_MAX_DEPTH must be a whole number of at least 1',
      'TIMELINE_STALLED_DAYS must be a whole number from 1 to 3650, got "x"',
    ]);
  });

  it('returns what the loaders read when every setting is valid', () => {
    expect(checkSettings([() => runtimeMode({ NODE_ENV: 'test' }), () => 42])).toEqual(['test', 42]);
  });

  it('prints the problems for the operator as one list without a stack trace', () => {
    // given
    const error = new ConfigError(['AUTH_ISSUER is required in production', 'DATABASE_URL is required in production']);

    // when
    const message = startFailureMessage('municipality', error);

    // then
    expect(message).toBe(
      'Ketenpad municipality cannot start; fix these settings:\n' +
        '  - AUTH_ISSUER is required in production\n' +
        '  - DATABASE_URL is required in production\n',
    );
  });
});

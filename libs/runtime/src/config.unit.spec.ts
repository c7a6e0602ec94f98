import { loadHttpConfig, loadServiceConfig } from './config';
import { ConfigError } from './config.problems';
import { runtimeMode } from './config.schema';

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

describe('runtimeMode', () => {
  it('treats an unset NODE_ENV as development', () => {
    expect(runtimeMode({})).toBe('development');
    expect(runtimeMode({ NODE_ENV: '' })).toBe('development');
  });

  it('refuses an unrecognised NODE_ENV instead of falling back to development conveniences', () => {
    // given
    const typos = ['prod', 'Production', 'staging'];

    // when / then
    for (const NODE_ENV of typos) expect(() => runtimeMode({ NODE_ENV })).toThrow(ConfigError);
    expect(() =>
      loadServiceConfig('gp', { NODE_ENV: 'prod', KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'postgres://x' }),
    ).toThrow(/NODE_ENV must be/);
  });
});

describe('loadServiceConfig', () => {
  it('reads the service’s own port before PORT, and development defaults', () => {
    // when
    const config = loadServiceConfig('gp', { GP_PORT: '4104', PORT: '5000', KAFKA_BROKERS: 'a:9092, b:9092' });

    // then
    expect(config).toMatchObject({
      service: 'gp',
      mode: 'development',
      port: 4104,
      host: '127.0.0.1',
      databaseUrl: undefined,
      kafkaBrokers: ['a:9092', 'b:9092'],
      kafkaSessionTimeoutMs: 30_000,
      logLevel: 'info',
    });
  });

  it('reads the migration (schema owner) URL apart from the service role’s URL, and leaves it unset by default', () => {
    // given
    const env = {
      KAFKA_BROKERS: 'k:9092',
      DATABASE_URL: 'postgres://ketenpad_gp_app@db:5432/ketenpad_gp',
      DATABASE_MIGRATION_URL: 'postgres://ketenpad_gp_owner@db:5432/ketenpad_gp',
    };

    // when
    const split = loadServiceConfig('gp', env);
    const single = loadServiceConfig('gp', { KAFKA_BROKERS: 'k:9092', DATABASE_URL: env.DATABASE_URL });

    // then
    expect(split).toMatchObject({ databaseUrl: env.DATABASE_URL, databaseMigrationUrl: env.DATABASE_MIGRATION_URL });
    expect(single.databaseMigrationUrl).toBeUndefined();
  });

  it('reports every problem at once, checking the rest as for production when NODE_ENV is unrecognised', () => {
    // given
    const env = {
      NODE_ENV: 'prod',
      MUNICIPALITY_PORT: 'eighty',
      LOG_LEVEL: 'loud',
      KAFKA_SESSION_TIMEOUT_MS: '100',
    };

    // when
    const problems = problemsOf(() => loadServiceConfig('municipality', env));

    // then
    expect(problems).toEqual([
      'MUNICIPALITY_PORT must be a port number',
      'NODE_ENV must be production, development or test, not "prod"',
      'KAFKA_BROKERS must list at least one bootstrap server',
      'DATABASE_URL is required in production',
      'KAFKA_SESSION_TIMEOUT_MS must be a whole number of at least 6000',
      'LOG_LEVEL must be one of debug, info, warn, error',
    ]);
  });
});

describe('loadHttpConfig', () => {
  it('uses production limits in production and generous ones elsewhere, so benchmarks are not throttled', () => {
    // when
    const production = loadHttpConfig({ NODE_ENV: 'production' });
    const test = loadHttpConfig({ NODE_ENV: 'test' });

    // then
    expect(production).toEqual({
      production: true,
      bodyLimitBytes: 65_536,
      jsonMaxDepth: 16,
      corsAllowedOrigins: [],
      rateLimitPerMinute: 1200,
      unauthenticatedRateLimitPerMinute: 120,
      metricsToken: undefined,
    });
    expect(test).toMatchObject({
      production: false,
      rateLimitPerMinute: 100_000,
      unauthenticatedRateLimitPerMinute: 100_000,
    });
  });

  it('reads every setting from the environment', () => {
    // given
    const env = {
      HTTP_BODY_LIMIT: '1mb',
      HTTP_JSON_MAX_DEPTH: '8',
      CORS_ALLOWED_ORIGINS: 'https://portal.example.nl, http://localhost:3100/',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '30',
      METRICS_TOKEN: 'k'.repeat(32),
    };

    // when
    const config = loadHttpConfig(env);

    // then
    expect(config).toEqual({
      production: false,
      bodyLimitBytes: 1_048_576,
      jsonMaxDepth: 8,
      corsAllowedOrigins: ['https://portal.example.nl', 'http://localhost:3100'],
      rateLimitPerMinute: 0,
      unauthenticatedRateLimitPerMinute: 30,
      metricsToken: 'k'.repeat(32),
    });
  });

  it('refuses a short metrics scrape token', () => {
    expect(() => loadHttpConfig({ METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
  });

  it('refuses a wildcard or a URL with a path as CORS origin, and nonsense numbers', () => {
    expect(() => loadHttpConfig({ CORS_ALLOWED_ORIGINS: '*' })).toThrow(/CORS_ALLOWED_ORIGINS/);
    expect(() => loadHttpConfig({ CORS_ALLOWED_ORIGINS: 'https://portal.example.nl/app' })).toThrow(
      /CORS_ALLOWED_ORIGINS/,
    );
    expect(() => loadHttpConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadHttpConfig({ HTTP_BODY_LIMIT: 'lots' })).toThrow(/HTTP_BODY_LIMIT/);
    expect(() => loadHttpConfig({ HTTP_JSON_MAX_DEPTH: '0' })).toThrow(/HTTP_JSON_MAX_DEPTH/);
  });

  it('lists every refused value together', () => {
    expect(
      problemsOf(() =>
        loadHttpConfig({ CORS_ALLOWED_ORIGINS: '*, https://ok.example, https://a.example/app', HTTP_BODY_LIMIT: '0' }),
      ),
    ).toEqual([
      'HTTP_BODY_LIMIT must be a size of at least one byte, like 65536, 64kb or 1mb',
      'CORS_ALLOWED_ORIGINS holds "*", which is not an origin like https://portal.example.nl',
      'CORS_ALLOWED_ORIGINS holds "https://a.example/app", which is not an origin like https://portal.example.nl',
    ]);
  });
});

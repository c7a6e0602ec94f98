import { ConfigError, loadHttpConfig, loadServiceConfig, runtimeMode } from './config';

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
    });
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
});

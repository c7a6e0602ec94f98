import { ConfigError } from '@ketenpad/runtime';
import { loadAccessLogSources } from './access-log-sources.config';

describe('ACCESS_LOG_SOURCES', () => {
  it('defaults to the local ports of every other service outside production, honouring a service port variable', () => {
    // when
    const config = loadAccessLogSources({ GP_PORT: '4104' });
    // then
    expect(config).toEqual({
      sources: [
        { service: 'social-work', baseUrl: 'http://127.0.0.1:3102' },
        { service: 'court-liaison', baseUrl: 'http://127.0.0.1:3103' },
        { service: 'gp', baseUrl: 'http://127.0.0.1:4104' },
        { service: 'timeline', baseUrl: 'http://127.0.0.1:3105' },
        { service: 'partner-gateway', baseUrl: 'http://127.0.0.1:3106' },
      ],
      timeoutMs: 3000,
    });
  });

  it('reads comma-separated service=url pairs and the timeout', () => {
    // when
    const config = loadAccessLogSources({
      ACCESS_LOG_SOURCES: ' gp=https://gp.internal:8443/ , timeline=http://timeline:3105',
      ACCESS_LOG_SOURCE_TIMEOUT_MS: '1500',
    });
    // then
    expect(config).toEqual({
      sources: [
        { service: 'gp', baseUrl: 'https://gp.internal:8443' },
        { service: 'timeline', baseUrl: 'http://timeline:3105' },
      ],
      timeoutMs: 1500,
    });
  });

  it.each([
    ['a missing list in production', { NODE_ENV: 'production' }, /required in production/],
    ['an entry without =', { ACCESS_LOG_SOURCES: 'gp' }, /service=url/],
    ['a url that is none', { ACCESS_LOG_SOURCES: 'gp=not a url' }, /not a URL/],
    ['a non-http url', { ACCESS_LOG_SOURCES: 'gp=file:///etc/passwd' }, /http or https/],
    ['a service named twice', { ACCESS_LOG_SOURCES: 'gp=http://a,gp=http://b' }, /twice/],
    ['the municipality itself', { ACCESS_LOG_SOURCES: 'municipality=http://a' }, /its own log/],
    ['a timeout that is no number', { ACCESS_LOG_SOURCE_TIMEOUT_MS: 'soon' }, /ACCESS_LOG_SOURCE_TIMEOUT_MS/],
  ])('refuses %s', (_case, env, message) => {
    expect(() => loadAccessLogSources(env)).toThrow(ConfigError);
    expect(() => loadAccessLogSources(env)).toThrow(message);
  });

  it('lists every malformed entry and the timeout together', () => {
    // given
    const env = {
      ACCESS_LOG_SOURCES: 'gp, timeline=ftp://timeline, municipality=http://m, gp=http://a, gp=http://b',
      ACCESS_LOG_SOURCE_TIMEOUT_MS: '5',
    };

    // when
    let problems: readonly string[] = [];
    try {
      loadAccessLogSources(env);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }

    // then
    expect(problems).toEqual([
      'ACCESS_LOG_SOURCES holds "gp", which is not service=url with a lower-case service name',
      'ACCESS_LOG_SOURCES gives timeline a url that is not http or https',
      'ACCESS_LOG_SOURCES names the municipality, which reads its own log directly',
      'ACCESS_LOG_SOURCES names gp twice',
      'ACCESS_LOG_SOURCE_TIMEOUT_MS must be a whole number of milliseconds between 100 and 60000',
    ]);
  });
});

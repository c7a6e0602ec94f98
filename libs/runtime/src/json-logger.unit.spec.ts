import { JsonLogger } from './json-logger';
import { correlation } from './correlation';

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, level, context and the current correlation id', () => {
    // given
    const lines: string[] = [];
    const logger = new JsonLogger('municipality', 'HelpRequests', 'info', (l) => lines.push(l));
    // when
    correlation.run('corr-1', () => logger.info('help request registered', { pathwayId: 'p-1' }));
    // then
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      service: 'municipality',
      context: 'HelpRequests',
      correlationId: 'corr-1',
      msg: 'help request registered',
      pathwayId: 'p-1',
    });
  });

  it('drops lines below the configured level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('timeline', undefined, 'warn', (l) => lines.push(l));
    logger.info('not shown');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  it('replaces a correlation id that is not a short printable token', () => {
    const seen = correlation.run('bad id with spaces\n', () => correlation.current());
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
  });
});

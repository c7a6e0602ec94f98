import { correlation } from './correlation';
import { JsonLogger } from './json-logger';

/** A logger at `level` whose lines are parsed into `lines`. */
function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug', context?: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('municipality', context, level, (line) => lines.push(JSON.parse(line)));
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with level name, ISO time, service, context, correlation id, msg and fields', () => {
    // given
    const written: string[] = [];
    const logger = new JsonLogger('municipality', 'HelpRequests', 'info', (line) => written.push(line));

    // when
    correlation.run('corr-1', () => logger.info('help request registered', { pathwayId: 'p-1' }));

    // then
    expect(written).toHaveLength(1);
    expect(written[0]).not.toContain('\n');
    const line = JSON.parse(written[0]!);
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'municipality',
      context: 'HelpRequests',
      correlationId: 'corr-1',
      msg: 'help request registered',
      pathwayId: 'p-1',
    });
  });

  it('names every level as a word, logs Nest’s verbose as debug, and takes a context passed last', () => {
    // given
    const { logger, lines } = capture();

    // when
    logger.debug('d');
    logger.verbose('v');
    logger.log('l', 'RoutesResolver');
    logger.warn('w');
    logger.error('e');

    // then
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['debug', 'd'],
      ['debug', 'v'],
      ['info', 'l'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(lines[2]).toMatchObject({ context: 'RoutesResolver' });
  });

  it('drops lines below the configured level, also in a child logger', () => {
    // given
    const { logger, lines } = capture('warn');

    // when
    logger.info('not shown');
    logger.warn('shown');
    logger.child('outbox-relay').debug('not shown either');

    // then
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('logs an error with its name, message, stack and code, so a 500 leaves a trace', () => {
    // given
    const { logger, lines } = capture('info', 'ErrorFilter');
    const error = Object.assign(new Error('relation "pathway" does not exist'), { code: '42P01' });

    // when
    logger.error('request failed', error);

    // then
    expect(lines[0]).toMatchObject({ level: 'error', context: 'ErrorFilter', msg: 'request failed' });
    expect(lines[0]!.err).toEqual({
      name: 'Error',
      message: 'relation "pathway" does not exist',
      stack: expect.stringMatching(/^Error: relation "pathway" does not exist\n\s+at /),
      code: '42P01',
    });
  });

  it('keeps the stack trace Nest passes as a string before the context', () => {
    // given
    const { logger, lines } = capture();
    const stack = new Error('boom').stack!;

    // when
    logger.error('Unhandled exception', stack, 'ExceptionHandler');

    // then
    expect(lines[0]).toMatchObject({ context: 'ExceptionHandler', msg: 'Unhandled exception', err: { stack } });
  });

  it('redacts values that pass the BSN elfproef from the message, fields, nested fields and errors', () => {
    // given
    const { logger, lines } = capture();

    // when
    logger.warn('lookup of 111222333 failed', {
      query: 'bsn=1112.22.333',
      nested: { bsns: ['111 222 333', 111222333] },
      err: new Error('duplicate key (bsn)=(111222333)'),
    });

    // then
    const line = JSON.stringify(lines[0]);
    expect(line).not.toMatch(/111\D?222\D?333/);
    expect(lines[0]).toMatchObject({
      msg: 'lookup of [redacted BSN] failed',
      query: 'bsn=[redacted BSN]',
      nested: { bsns: ['[redacted BSN]', '[redacted BSN]'] },
      err: { message: 'duplicate key (bsn)=([redacted BSN])' },
    });
  });

  it('leaves numbers alone that are no BSN: failing the elfproef, longer, fractions or inside an id', () => {
    // given
    const { logger, lines } = capture();
    const fields = {
      count: 123456789,
      text: 'took 123456789 ns, offset 1112223334, 0.111222333 s',
      id: 'a111222333b',
      pathwayId: '6f1c2a34-1111-4222-8333-111222333000',
    };

    // when
    logger.info('fine', fields);

    // then
    expect(lines[0]).toMatchObject(fields);
  });

  it('replaces a correlation id that is not a short printable token', () => {
    const seen = correlation.run('bad id with spaces\n', () => correlation.current());
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
  });
});

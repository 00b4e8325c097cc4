import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { logsRequests } from './logger.options';
import { PlatformLogger } from './platform-logger';

function capture(level: string, service = 'ledger') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: PlatformLogger.create(service, level, stream), lines };
}

describe('PlatformLogger', () => {
  it.each(['info', 'debug', 'trace'])('writes access lines at %s', (level) => {
    expect(logsRequests(level)).toBe(true);
    expect(capture(level).logger.httpLogger).toBeDefined();
  });

  it.each(['warn', 'error', 'fatal', 'silent'])(
    'binds no per-request logger at %s, where access lines are dropped',
    (level) => {
      expect(logsRequests(level)).toBe(false);
      expect(capture(level).logger.httpLogger).toBeUndefined();
    },
  );

  it('writes Nest log calls as JSON with the service, level and context', () => {
    const { logger, lines } = capture('info', 'tracer');
    logger.log('started', 'Bootstrap');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        service: 'tracer',
        context: 'Bootstrap',
        msg: 'started',
      }),
    ]);
  });

  it('merges an object message into the line and keeps its text', () => {
    const { logger, lines } = capture('info');
    logger.warn({ dependency: 'postgresql', requests: 3 }, 'outage', 'Errors');
    expect(lines[0]).toMatchObject({
      level: 40,
      context: 'Errors',
      dependency: 'postgresql',
      requests: 3,
      msg: 'outage',
    });
  });

  it('serializes an Error and the stack Nest exception handlers pass separately', () => {
    const { logger, lines } = capture('info');
    logger.error(new Error('boom'), 'Errors');
    logger.error('failed', 'Error: failed\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'boom', err: { message: 'boom' } });
    expect(lines[1]).toMatchObject({
      context: 'ExceptionsHandler',
      err: { message: 'failed', stack: expect.stringContaining('at somewhere') },
    });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.log('dropped');
    logger.debug('dropped');
    logger.verbose('dropped');
    logger.warn('kept');
    expect(lines.map((line) => line['msg'])).toEqual(['kept']);
  });

  it('serves Nest Logger instances once installed as the app logger', () => {
    const { logger, lines } = capture('info');
    Logger.overrideLogger(logger);
    try {
      new Logger('Relay').warn({ tenantId: 'acme' }, 'slow');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines[0]).toMatchObject({ context: 'Relay', tenantId: 'acme', msg: 'slow' });
  });

  it('redacts credentials in request headers', () => {
    const { logger, lines } = capture('info');
    logger.pino.info({ req: { headers: { authorization: 'Bearer secret', 'x-api-key': 'k' } } });
    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } },
    });
  });
});

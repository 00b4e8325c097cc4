import { loggerOptions, logsRequests } from './logger.options';

describe('loggerOptions', () => {
  it.each(['info', 'debug', 'trace'])('gives every request its logger at %s', (level) => {
    expect(logsRequests(level)).toBe(true);
    const options = loggerOptions('ledger', level);
    expect(options.forRoutes).toBeUndefined();
  });

  it.each(['warn', 'error', 'fatal', 'silent'])(
    'binds no per-request logger at %s, where access lines are dropped',
    (level) => {
      expect(logsRequests(level)).toBe(false);
      expect(loggerOptions('ledger', level).forRoutes).toEqual([]);
    },
  );

  it('keeps the level, the service and the redaction of credentials', () => {
    const pinoHttp = loggerOptions('tracer', 'warn').pinoHttp as {
      level: string;
      base: { service: string };
      redact: { paths: string[] };
    };
    expect(pinoHttp.level).toBe('warn');
    expect(pinoHttp.base).toEqual({ service: 'tracer' });
    expect(pinoHttp.redact.paths).toContain('req.headers.authorization');
  });
});

import type { LoggerService } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { httpLoggerOptions, logsRequests, rootLoggerOptions } from './logger.options';

type NestLevel = 'verbose' | 'debug' | 'log' | 'warn' | 'error' | 'fatal';

const PINO_LEVEL: Record<NestLevel, Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/** A stack trace as Nest's own exception handlers pass it: "Error: …\n    at …". */
const STACK = /\n\s*at /;

/**
 * Nest's LoggerService on top of one pino logger, so that `new Logger('X')` anywhere in the
 * code writes the same JSON lines as the access log. Nest calls `log(message, ...params,
 * context)`: the last parameter is the context; an object or Error message becomes fields.
 */
export class PlatformLogger implements LoggerService {
  /** The access-log middleware, when the level keeps access lines (see logsRequests). */
  readonly httpLogger: RequestHandler | undefined;

  constructor(readonly pino: Logger) {
    this.httpLogger = logsRequests(pino.level)
      ? (pinoHttp({ ...httpLoggerOptions(), logger: pino }) as unknown as RequestHandler)
      : undefined;
  }

  static create(service: string, level: string, destination?: DestinationStream) {
    return new PlatformLogger(pino(rootLoggerOptions(service, level), destination));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(nestLevel: NestLevel, message: unknown, params: unknown[]): void {
    const level = PINO_LEVEL[nestLevel];
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') {
      fields['context'] = rest[rest.length - 1];
      rest = rest.slice(0, -1);
    }
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
      return;
    }
    if (typeof message === 'object' && message !== null) {
      const [text, ...args] = rest;
      this.pino[level]({ ...fields, ...message }, typeof text === 'string' ? text : '', ...args);
      return;
    }
    // Nest's exception handlers call error(message, stack, context).
    if (rest.length === 1 && typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.pino[level]({ ...fields, err }, String(message));
      return;
    }
    this.pino[level](fields, String(message), ...rest);
  }
}

import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError } from './domain-error';
import {
  dependencyFaultOf,
  dependencyUnavailable,
  registerDependencyEndpoint,
} from './dependency-fault';
import { PlatformErrors } from './platform-errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

describe('dependencyFaultOf', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
    ['57014', 'canceling statement due to statement timeout'],
  ])('classifies SQLSTATE %s as PostgreSQL unavailable', (code, message) => {
    expect(dependencyFaultOf(pgError(code, message))).toEqual({
      dependency: 'postgresql',
      reason: `${code} ${message}`,
    });
  });

  it('looks through TypeORM driverError, causes and aggregate errors', () => {
    const queryFailed = Object.assign(new Error('query failed'), {
      driverError: pgError('57P01', 'terminating connection'),
    });
    expect(dependencyFaultOf(queryFailed)?.dependency).toBe('postgresql');
    const wrapped = new Error('outer', { cause: pgError('53300', 'too many clients') });
    expect(dependencyFaultOf(wrapped)?.dependency).toBe('postgresql');
    const aggregate = Object.assign(
      new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]),
      { code: 'ECONNREFUSED' },
    );
    expect(dependencyFaultOf(aggregate, 'postgresql')).toEqual({
      dependency: 'postgresql',
      reason: 'ECONNREFUSED',
    });
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('classifies the node-postgres message "%s" as PostgreSQL unavailable', (message) => {
    expect(dependencyFaultOf(new Error(message))?.dependency).toBe('postgresql');
  });

  it('classifies a TypeORM runner released under a transaction (its connection died) as PostgreSQL unavailable', () => {
    for (const released of [
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
    ]) {
      expect(dependencyFaultOf(released)).toEqual({
        dependency: 'postgresql',
        reason: 'connection lost inside a transaction',
      });
    }
    const bug = new Error('Query runner already released. Cannot run queries anymore.');
    expect(dependencyFaultOf(bug)).toBeUndefined();
  });

  it('classifies socket errors only when the caller says what it was talking to', () => {
    expect(dependencyFaultOf(socketError('ECONNREFUSED'))).toBeUndefined();
    expect(dependencyFaultOf(socketError('ETIMEDOUT'), 'rabbitmq')).toEqual({
      dependency: 'rabbitmq',
      reason: 'ETIMEDOUT',
    });
  });

  it('classifies a socket error by the registered endpoint it names', () => {
    registerDependencyEndpoint('postgresql', 'postgres://tm@127.0.0.1:6543/control');
    registerDependencyEndpoint('rabbitmq', 'amqp://guest@broker.internal');
    const refused = (address: string, port: number) =>
      Object.assign(socketError('ECONNREFUSED'), { address, port });
    expect(dependencyFaultOf(refused('127.0.0.1', 6543))?.dependency).toBe('postgresql');
    expect(dependencyFaultOf(refused('10.1.2.3', 5672))?.dependency).toBe('rabbitmq');
    expect(dependencyFaultOf(refused('127.0.0.1', 9999))).toBeUndefined();
  });

  it('recognises ioredis and amqplib failures', () => {
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(dependencyFaultOf(maxRetries)?.dependency).toBe('redis');
    expect(dependencyFaultOf(new Error('Connection is closed.'))?.dependency).toBe('redis');
    const channel = Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' });
    expect(dependencyFaultOf(channel)?.dependency).toBe('rabbitmq');
  });

  it('carries a tagged DomainError through, and nothing else that is a domain error', () => {
    const tagged = dependencyUnavailable({ dependency: 'redis', reason: 'ECONNRESET' });
    expect(dependencyFaultOf(tagged)).toEqual({ dependency: 'redis', reason: 'ECONNRESET' });
    expect(dependencyFaultOf(new DomainError(PlatformErrors.TENANT_UNAVAILABLE, 'moved'))).toBe(
      undefined,
    );
    expect(dependencyFaultOf(new DomainError(PlatformErrors.BAD_REQUEST, 'x'))).toBeUndefined();
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value')],
    ['a serialization failure', pgError('40001', 'could not serialize access')],
    ['a syntax error', pgError('42601', 'syntax error at or near')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('leaves %s alone', (_label, error) => {
    expect(dependencyFaultOf(error, 'postgresql')).toBeUndefined();
  });

  it('builds a 503 error saying nothing was written and when to retry', () => {
    const error = dependencyUnavailable({ dependency: 'postgresql', reason: 'ECONNREFUSED' }, 3);
    expect(error.definition).toBe(PlatformErrors.DEPENDENCY_UNAVAILABLE);
    expect(error.message).toBe('PostgreSQL is unavailable; nothing was written, retry after 3 s.');
    expect(error.details).toMatchObject({ retryAfterSec: 3, dependency: 'postgresql' });
  });
});

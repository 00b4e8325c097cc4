import { DomainError } from './domain-error';
import { PlatformErrors } from './platform-errors';

/** What an app may wait on while serving a request or running a job. */
export type Dependency = 'postgresql' | 'redis' | 'rabbitmq' | 'tenant-manager' | 'object-storage';

export const DEPENDENCY_LABELS: Record<Dependency, string> = {
  postgresql: 'PostgreSQL',
  redis: 'Redis',
  rabbitmq: 'RabbitMQ',
  'tenant-manager': 'tenant-manager',
  'object-storage': 'Object storage',
};

/** Seconds a client is told to wait before retrying a request refused during an outage. */
export const DEPENDENCY_RETRY_AFTER_SEC = 2;

export interface DependencyFault {
  dependency: Dependency;
  /** Short, stack-free cause, e.g. "ECONNREFUSED" or "57P01 terminating connection…". */
  reason: string;
}

/**
 * A request or job refused because a dependency is unreachable, restarting or refusing
 * connections. Nothing was written: the unit of work failed before or instead of committing
 * (see docs/operations/faults.md for the one ambiguous case, a connection lost during COMMIT).
 */
export function dependencyUnavailable(
  fault: DependencyFault,
  retryAfterSec = DEPENDENCY_RETRY_AFTER_SEC,
): DomainError {
  return new DomainError(
    PlatformErrors.DEPENDENCY_UNAVAILABLE,
    `${DEPENDENCY_LABELS[fault.dependency]} is unavailable; nothing was written, retry after ${retryAfterSec} s.`,
    { retryAfterSec, dependency: fault.dependency, reason: fault.reason },
  );
}

/**
 * SQLSTATEs that mean the server cannot serve right now, not that the statement is wrong:
 * connection exceptions (class 08), admin/crash shutdown and "starting up" (57P01-57P03),
 * too many connections (53300), and a statement cancelled by a timeout (57014). A transaction
 * failing with any of them is rolled back by PostgreSQL.
 */
const PG_UNAVAILABLE = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
]);

/** node-postgres and TypeORM messages for a connection that broke or never came up. */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /^Query read timeout$/i,
  /Connection is not established with postgres/i,
  /Cannot use a pool after calling end on the pool/i,
];

/**
 * TypeORM releases a query runner by itself when its connection emits an error, e.g. the
 * server ending an idle-in-transaction session (57P01 from DROP DATABASE ... WITH (FORCE) or
 * a restart). The unit of work's next statement then fails with this error instead of the
 * cause, which is lost (through the EntityManager: QueryRunnerProviderAlreadyReleasedError);
 * the server rolled the transaction back with the session. Runners are only released by
 * TenantDb's finally blocks, so here it means the connection died.
 */
const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/** Socket-level failures: the peer is down, restarting, unreachable or too slow. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

const REDIS_MESSAGES = [/^Connection is closed\.?$/, /Stream isn't writeable/];
const AMQP_MESSAGES = [/^Channel (closed|ended)/i, /^Connection closed/i, /^Socket closed/i];

/** Which dependency listens where (`host:port` and `port`), for bare socket errors. */
const endpoints = new Map<string, Dependency>();

/**
 * Declares that `url` (e.g. DATABASE_URL) is `dependency`, so a socket error naming its
 * address or port (ECONNREFUSED 127.0.0.1:5432) is classified as that dependency's outage.
 */
export function registerDependencyEndpoint(dependency: Dependency, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  const port = parsed.port || DEFAULT_PORTS[parsed.protocol.replace(/:$/, '')];
  if (!port) return;
  endpoints.set(`${parsed.hostname}:${port}`, dependency);
  endpoints.set(port, dependency);
}

const DEFAULT_PORTS: Record<string, string> = {
  postgres: '5432',
  postgresql: '5432',
  redis: '6379',
  rediss: '6379',
  amqp: '5672',
  amqps: '5671',
};

function endpointOf(candidate: ErrorLike): Dependency | undefined {
  if (candidate.port === undefined) return undefined;
  const port = String(candidate.port);
  return endpoints.get(`${String(candidate.address)}:${port}`) ?? endpoints.get(port);
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  port?: unknown;
  address?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
  details?: { dependency?: unknown; reason?: unknown };
}

/** The errors an exception is made of: itself, TypeORM's driverError, causes, aggregates. */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 5 || typeof error !== 'object' || error === null) return;
  const candidate = error as ErrorLike;
  yield candidate;
  yield* chain(candidate.driverError, depth + 1);
  yield* chain(candidate.cause, depth + 1);
  if (Array.isArray(candidate.errors))
    for (const inner of candidate.errors) yield* chain(inner, depth + 1);
}

const isDependency = (value: unknown): value is Dependency =>
  typeof value === 'string' && value in DEPENDENCY_LABELS;

/**
 * Which dependency failed, when `error` is a dependency fault rather than a bug or bad input.
 * `where` names the dependency a bare socket error belongs to (the caller knows what it was
 * talking to); without it, a socket error is classified by the address it names (see
 * registerDependencyEndpoint), and left alone when that is unknown.
 */
export function dependencyFaultOf(error: unknown, where?: Dependency): DependencyFault | undefined {
  for (const candidate of chain(error)) {
    if (candidate instanceof DomainError) {
      const { dependency, reason } = candidate.details;
      if (candidate.definition.kind === 'unavailable' && isDependency(dependency))
        return { dependency, reason: String(reason ?? candidate.message) };
      continue;
    }
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (code && PG_UNAVAILABLE.has(code))
      return { dependency: 'postgresql', reason: `${code} ${message}`.trim() };
    if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
      return { dependency: 'postgresql', reason: message };
    if (typeof candidate.name === 'string' && RELEASED_RUNNER.has(candidate.name))
      return { dependency: 'postgresql', reason: 'connection lost inside a transaction' };
    if (
      candidate.name === 'MaxRetriesPerRequestError' ||
      REDIS_MESSAGES.some((p) => p.test(message))
    )
      return { dependency: 'redis', reason: message };
    if (candidate.name === 'IllegalOperationError' || AMQP_MESSAGES.some((p) => p.test(message)))
      return { dependency: 'rabbitmq', reason: message };
    if (code && NETWORK_CODES.has(code)) {
      const dependency = where ?? endpointOf(candidate);
      if (dependency) return { dependency, reason: code };
    }
  }
  return undefined;
}

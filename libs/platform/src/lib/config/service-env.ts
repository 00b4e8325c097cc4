import { isIP } from 'node:net';
import { z } from 'zod';
import { envInt, envUrl } from './load-config';

/** Variables every app reads: where it listens and which backing services it uses. */
export const serviceEnvShape = (defaultPort: number) => ({
  PORT: envInt(defaultPort, 1, 65535),
  HOST: envHost().optional(),
  DATABASE_URL: envUrl(['postgres', 'postgresql']).optional(),
  REDIS_URL: envUrl(['redis', 'rediss']).optional(),
  RABBITMQ_URL: envUrl(['amqp', 'amqps']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** An IPv4/IPv6 address or a host name to listen on. */
const envHost = () =>
  z.string().refine((value) => isIP(value) !== 0 || HOST_NAME.test(value), {
    message: 'must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0',
  });

const HOST_NAME =
  /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Loopback: an app that checks no credentials is reachable from this machine only. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Every interface: for apps that authenticate every protected route. */
export const ALL_INTERFACES_HOST = '0.0.0.0';

/**
 * Where an app listens: `HOST` when set; otherwise loopback while it checks no credentials
 * (the unauthenticated quick start is never reachable from the network by accident) and every
 * interface when it authenticates its callers.
 */
export function listenHost(host: string | undefined, authenticates: boolean): string {
  return host ?? (authenticates ? ALL_INTERFACES_HOST : LOOPBACK_HOST);
}

/** `postgres://postgres@127.0.0.1:5432/<database>`: the contract's default per app. */
export const defaultDatabaseUrl = (database: string) =>
  `postgres://postgres@127.0.0.1:5432/${database}`;

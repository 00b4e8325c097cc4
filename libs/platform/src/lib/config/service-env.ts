import { z } from 'zod';
import { envInt, envUrl } from './load-config';

/** Variables every app reads: where it listens and which backing services it uses. */
export const serviceEnvShape = (defaultPort: number) => ({
  PORT: envInt(defaultPort, 1, 65535),
  DATABASE_URL: envUrl(['postgres', 'postgresql']).optional(),
  REDIS_URL: envUrl(['redis', 'rediss']).optional(),
  RABBITMQ_URL: envUrl(['amqp', 'amqps']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** `postgres://postgres@127.0.0.1:5432/<database>`: the contract's default per app. */
export const defaultDatabaseUrl = (database: string) =>
  `postgres://postgres@127.0.0.1:5432/${database}`;

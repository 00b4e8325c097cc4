import type { TenantManagerOptions } from '@finplat/tenant-manager-core';
import {
  defaultDatabaseUrl,
  type Env,
  envInt,
  envUrl,
  loadConfig,
  serviceEnvShape,
} from '@finplat/platform';
import { z } from 'zod';

export const TENANT_MANAGER_DEFAULT_PORT = 4000;

/**
 * CONTRACT.md's default is `postgres://postgres@127.0.0.1:5432/<app>`; the database is named
 * `tenant_manager` rather than `tenant-manager` because a hyphen would need quoting in every
 * psql command and tool an operator types.
 */
export const TENANT_MANAGER_DEFAULT_DATABASE_URL = defaultDatabaseUrl('tenant_manager');
export const DEFAULT_PROVISION_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_RABBITMQ_MANAGEMENT_URL = 'http://guest:guest@127.0.0.1:15672';

/** Values that switch RabbitMQ vhost provisioning off (an unset variable takes the default). */
const OFF = ['off', 'none', 'disabled', 'false'];

const required = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

export const tenantManagerEnvSchema = z.object({
  ...serviceEnvShape(TENANT_MANAGER_DEFAULT_PORT),
  DATABASE_URL: envUrl(['postgres', 'postgresql']).default(TENANT_MANAGER_DEFAULT_DATABASE_URL),
  TENANT_MANAGER_ADMIN_KEY: required().min(16, 'must be at least 16 characters'),
  TENANT_MANAGER_SERVICE_API_KEYS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  PROVISION_PG_ADMIN_URL: envUrl(['postgres', 'postgresql']).default(
    DEFAULT_PROVISION_PG_ADMIN_URL,
  ),
  RABBITMQ_MANAGEMENT_URL: z
    .union(
      [z.string().refine((value) => OFF.includes(value.toLowerCase())), envUrl(['http', 'https'])],
      {
        error: `must be an http(s) URL, or one of ${OFF.join(', ')} to switch vhost provisioning off`,
      },
    )
    .default(DEFAULT_RABBITMQ_MANAGEMENT_URL)
    .transform((value) => (OFF.includes(value.toLowerCase()) ? undefined : value)),
  RABBITMQ_AMQP_HOST: z.string().default('127.0.0.1'),
  RABBITMQ_AMQP_PORT: envInt(5672, 1, 65535),
  TOKEN_TTL_SEC: envInt(3600, 1, 7 * 24 * 3600),
  TOKEN_ISSUER: z.string().default('tenant-manager'),
});

export interface TenantManagerConfig {
  port: number;
  logLevel: string;
  options: TenantManagerOptions;
}

/** Validates tenant-manager's environment; throws ConfigError naming every bad variable. */
export function loadTenantManagerConfig(env: Env): TenantManagerConfig {
  const parsed = loadConfig(tenantManagerEnvSchema, env);
  return {
    port: parsed.PORT,
    logLevel: parsed.LOG_LEVEL,
    options: {
      redisUrl: parsed.REDIS_URL,
      databaseUrl: parsed.DATABASE_URL,
      adminKey: parsed.TENANT_MANAGER_ADMIN_KEY,
      serviceApiKeys: parsed.TENANT_MANAGER_SERVICE_API_KEYS,
      provisionPgAdminUrl: parsed.PROVISION_PG_ADMIN_URL,
      rabbitmqManagementUrl: parsed.RABBITMQ_MANAGEMENT_URL,
      rabbitmqAmqpHost: parsed.RABBITMQ_AMQP_HOST,
      rabbitmqAmqpPort: parsed.RABBITMQ_AMQP_PORT,
      tokenTtlSec: parsed.TOKEN_TTL_SEC,
      tokenIssuer: parsed.TOKEN_ISSUER,
    },
  };
}

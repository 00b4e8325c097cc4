import type { TenantManagerOptions } from '@finplat/tenant-manager-core';
import {
  defaultDatabaseUrl,
  type Env,
  envInt,
  envUrl,
  listenHost,
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
  PROVISION_PG_TARGETS: z
    .string()
    .optional()
    .transform((value, context) => {
      try {
        return parsePgTargets(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
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
  TENANT_MANAGER_RECONCILE_INTERVAL_SEC: envInt(60, 0, 86_400),
});

const TARGET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * PROVISION_PG_TARGETS: extra PostgreSQL servers tenants may be placed on, as a JSON object
 * (`{"secondary": "postgres://..."}`) or a comma list (`secondary=postgres://...,b=...`).
 * Names are lowercase; `default` (PROVISION_PG_ADMIN_URL) is added when not listed.
 */
export function parsePgTargets(value: string | undefined): Record<string, string> {
  const text = value?.trim();
  if (!text) return {};
  let entries: [string, unknown][];
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        'must be a JSON object of name to URL, or name=url pairs separated by commas',
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('must be a JSON object of name to URL');
    entries = Object.entries(parsed);
  } else {
    entries = text.split(',').map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`"${pair.trim()}" is not name=url`);
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    });
  }
  const targets: Record<string, string> = {};
  for (const [name, url] of entries) {
    if (!TARGET_NAME.test(name))
      throw new Error(`target name "${name}" must match ${TARGET_NAME.source}`);
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url))
      throw new Error(`target "${name}" must be a postgres:// URL`);
    targets[name] = url;
  }
  return targets;
}

export interface TenantManagerConfig {
  port: number;
  /**
   * HOST; every interface by default, since every route but the token endpoint and the JWKS
   * (public by design) needs the admin or a service key.
   */
  host: string;
  logLevel: string;
  options: TenantManagerOptions;
}

/** Validates tenant-manager's environment; throws ConfigError naming every bad variable. */
export function loadTenantManagerConfig(env: Env): TenantManagerConfig {
  const parsed = loadConfig(tenantManagerEnvSchema, env);
  return {
    port: parsed.PORT,
    host: listenHost(parsed.HOST, true),
    logLevel: parsed.LOG_LEVEL,
    options: {
      redisUrl: parsed.REDIS_URL,
      databaseUrl: parsed.DATABASE_URL,
      adminKey: parsed.TENANT_MANAGER_ADMIN_KEY,
      serviceApiKeys: parsed.TENANT_MANAGER_SERVICE_API_KEYS,
      provisionPgAdminUrl: parsed.PROVISION_PG_ADMIN_URL,
      provisionPgTargets: {
        default: parsed.PROVISION_PG_ADMIN_URL,
        ...parsed.PROVISION_PG_TARGETS,
      },
      rabbitmqManagementUrl: parsed.RABBITMQ_MANAGEMENT_URL,
      rabbitmqAmqpHost: parsed.RABBITMQ_AMQP_HOST,
      rabbitmqAmqpPort: parsed.RABBITMQ_AMQP_PORT,
      tokenTtlSec: parsed.TOKEN_TTL_SEC,
      tokenIssuer: parsed.TOKEN_ISSUER,
      reconcileIntervalSec: parsed.TENANT_MANAGER_RECONCILE_INTERVAL_SEC,
    },
  };
}

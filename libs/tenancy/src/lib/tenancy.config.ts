import { envBoolean, envInt, envUrl } from '@finplat/platform';
import { z } from 'zod';

/** The seed's multi-tenancy variables, with its defaults. */
export const tenancyEnvShape = {
  MULTI_TENANT_ENABLED: envBoolean(false),
  MULTI_TENANT_URL: envUrl(['http', 'https']).optional(),
  MULTI_TENANT_SERVICE_API_KEY: z.string().optional(),
  MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC: envInt(30, 1, 86_400),
  MULTI_TENANT_CACHE_TTL_SEC: envInt(120, 0, 86_400),
  MULTI_TENANT_CIRCUIT_BREAKER_THRESHOLD: envInt(5, 1, 1_000),
  MULTI_TENANT_CIRCUIT_BREAKER_TIMEOUT_SEC: envInt(30, 1, 3_600),
  MULTI_TENANT_REDIS_HOST: z.string().optional(),
  MULTI_TENANT_REDIS_PORT: envInt(6379, 1, 65_535),
  MULTI_TENANT_REDIS_PASSWORD: z.string().optional(),
  MULTI_TENANT_REDIS_TLS: envBoolean(false),
  MULTI_TENANT_TIMEOUT: envInt(30, 1, 600),
  MULTI_TENANT_MAX_TENANT_POOLS: envInt(100, 1, 10_000),
  MULTI_TENANT_IDLE_TIMEOUT_SEC: envInt(300, 1, 86_400),
  MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC: envInt(5, 1, 600),
  MULTI_TENANT_POOL_QUEUE_SIZE: envInt(1_000, 0, 1_000_000),
  MULTI_TENANT_MAX_TENANT_BROKERS: envInt(500, 1, 100_000),
};

type TenancyEnv = z.output<z.ZodObject<typeof tenancyEnvShape>> & { PLUGIN_AUTH_ENABLED: boolean };

export interface TenancyOptions {
  multiTenant: boolean;
  managerUrl?: string;
  serviceApiKey?: string;
  connectionsCheckIntervalSec: number;
  cacheTtlSec: number;
  circuitBreakerThreshold: number;
  circuitBreakerTimeoutSec: number;
  redis?: { host: string; port: number; password?: string; tls: boolean };
  requestTimeoutSec: number;
  maxTenantPools: number;
  idleTimeoutSec: number;
  poolWaitTimeoutSec: number;
  poolQueueSize: number;
  /**
   * Most tenants whose broker (vhost) this instance stays connected to at once: a publisher
   * connection each, and a consumer connection per consumer. Undefined: no ceiling.
   */
  maxTenantBrokers?: number;
}

/** Cross-variable rules: multi-tenant needs auth, a tenant-manager URL and an API key. */
export function checkTenancyEnv(env: TenancyEnv, ctx: z.RefinementCtx): void {
  if (!env.MULTI_TENANT_ENABLED) return;
  if (!env.PLUGIN_AUTH_ENABLED) {
    ctx.addIssue({
      code: 'custom',
      path: ['MULTI_TENANT_ENABLED'],
      message:
        'MULTI_TENANT_ENABLED=true requires PLUGIN_AUTH_ENABLED=true: tenants are resolved from verified tokens',
    });
  }
  if (!env.MULTI_TENANT_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['MULTI_TENANT_URL'],
      message: 'required when MULTI_TENANT_ENABLED=true',
    });
  }
  if (!env.MULTI_TENANT_SERVICE_API_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['MULTI_TENANT_SERVICE_API_KEY'],
      message: 'required when MULTI_TENANT_ENABLED=true',
    });
  }
}

export function tenancyOptionsFrom(env: TenancyEnv): TenancyOptions {
  return {
    multiTenant: env.MULTI_TENANT_ENABLED,
    managerUrl: env.MULTI_TENANT_URL?.replace(/\/+$/, ''),
    serviceApiKey: env.MULTI_TENANT_SERVICE_API_KEY,
    connectionsCheckIntervalSec: env.MULTI_TENANT_CONNECTIONS_CHECK_INTERVAL_SEC,
    cacheTtlSec: env.MULTI_TENANT_CACHE_TTL_SEC,
    circuitBreakerThreshold: env.MULTI_TENANT_CIRCUIT_BREAKER_THRESHOLD,
    circuitBreakerTimeoutSec: env.MULTI_TENANT_CIRCUIT_BREAKER_TIMEOUT_SEC,
    redis: env.MULTI_TENANT_REDIS_HOST
      ? {
          host: env.MULTI_TENANT_REDIS_HOST,
          port: env.MULTI_TENANT_REDIS_PORT,
          password: env.MULTI_TENANT_REDIS_PASSWORD,
          tls: env.MULTI_TENANT_REDIS_TLS,
        }
      : undefined,
    requestTimeoutSec: env.MULTI_TENANT_TIMEOUT,
    maxTenantPools: env.MULTI_TENANT_MAX_TENANT_POOLS,
    idleTimeoutSec: env.MULTI_TENANT_IDLE_TIMEOUT_SEC,
    poolWaitTimeoutSec: env.MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC,
    poolQueueSize: env.MULTI_TENANT_POOL_QUEUE_SIZE,
    maxTenantBrokers: env.MULTI_TENANT_MAX_TENANT_BROKERS,
  };
}

/** Where apps find tenant-manager's signing keys when no other JWKS is configured. */
export function managerJwksUrl(env: { MULTI_TENANT_ENABLED: boolean; MULTI_TENANT_URL?: string }) {
  return env.MULTI_TENANT_ENABLED && env.MULTI_TENANT_URL
    ? `${env.MULTI_TENANT_URL.replace(/\/+$/, '')}/.well-known/jwks.json`
    : undefined;
}

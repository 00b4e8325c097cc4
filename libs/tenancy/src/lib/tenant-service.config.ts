import { authEnvShape, authOptionsFrom, checkAuthEnv, type AuthOptions } from '@finplat/auth';
import type { ServiceName } from '@finplat/contracts';
import {
  defaultDatabaseUrl,
  listenHost,
  loadConfig,
  runModeEnvShape,
  serviceEnvShape,
  type Env,
  type RunMode,
} from '@finplat/platform';
import { z } from 'zod';
import {
  checkTenancyEnv,
  managerJwksUrl,
  tenancyEnvShape,
  tenancyOptionsFrom,
  type TenancyOptions,
} from './tenancy.config';

/** The configuration every tenant-scoped app (ledger, tracer, reporter) shares. */
export interface TenantServiceConfig {
  service: ServiceName;
  port: number;
  /** Address to listen on (HOST; loopback while auth is off). */
  host: string;
  logLevel: string;
  databaseUrl: string;
  redisUrl?: string;
  rabbitmqUrl?: string;
  auth: AuthOptions;
  tenancy: TenancyOptions;
  /** RUN_MODE: API, background work (relay, consumers), or both. */
  runMode: RunMode;
}

export function tenantServiceEnvSchema(defaultPort: number) {
  return z
    .object({
      ...serviceEnvShape(defaultPort),
      ...runModeEnvShape,
      ...authEnvShape,
      ...tenancyEnvShape,
    })
    .superRefine((env, ctx) => {
      checkTenancyEnv(env, ctx);
      checkAuthEnv(env, ctx, managerJwksUrl(env));
    });
}

/** Validates the environment of a tenant-scoped app; throws ConfigError naming bad variables. */
export function loadTenantServiceConfig(
  service: ServiceName,
  defaultPort: number,
  env: Env,
): TenantServiceConfig {
  const parsed = loadConfig(tenantServiceEnvSchema(defaultPort), env);
  return {
    service,
    port: parsed.PORT,
    host: listenHost(parsed.HOST, parsed.PLUGIN_AUTH_ENABLED),
    logLevel: parsed.LOG_LEVEL,
    databaseUrl: parsed.DATABASE_URL ?? defaultDatabaseUrl(service),
    redisUrl: parsed.REDIS_URL,
    rabbitmqUrl: parsed.RABBITMQ_URL,
    auth: authOptionsFrom(parsed, managerJwksUrl(parsed)),
    tenancy: tenancyOptionsFrom(parsed),
    runMode: parsed.RUN_MODE,
  };
}

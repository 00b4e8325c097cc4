import { envUrl, loadConfig, type Env } from '@finplat/platform';
import { z } from 'zod';

export interface TracerClientOptions {
  /** The tracer's base URL (TRACER_URL); unset: a ledger that consults it finds it unavailable. */
  url?: string;
  /** Timeout of a confirm or release call (the consult itself uses the ledger's timeoutMs). */
  settleTimeoutMs: number;
}

export const TRACER_CLIENT_OPTIONS = Symbol('TRACER_CLIENT_OPTIONS');

export const DEFAULT_TRACER_CLIENT_OPTIONS: TracerClientOptions = { settleTimeoutMs: 5_000 };

export const tracerClientEnvSchema = z.object({
  TRACER_URL: envUrl(['http', 'https']).optional(),
});

/** The ledger's tracer settings; throws ConfigError naming TRACER_URL when it is not a URL. */
export function loadTracerClientOptions(env: Env): TracerClientOptions {
  const parsed = loadConfig(tracerClientEnvSchema, env);
  return {
    ...DEFAULT_TRACER_CLIENT_OPTIONS,
    ...(parsed.TRACER_URL ? { url: parsed.TRACER_URL.replace(/\/+$/, '') } : {}),
  };
}

import { envInt, loadConfig, type Env } from '@finplat/platform';
import { isIP } from 'node:net';
import { z } from 'zod';

/** What the tracer does when its database cannot be reached while validating. */
export type FailPosture = 'open' | 'closed';

/** The tracer's own settings (beyond those every tenant-scoped app shares). */
export interface TracerOptions {
  /** Worst-case evaluation cost a rule expression may have (CEL_COST_LIMIT). */
  celCostLimit: number;
  /** Most active rules evaluated for one validation (MAX_RULES_PER_REQUEST). */
  maxRulesPerRequest: number;
  /** The decision when no rule matches and no limit is exceeded. */
  defaultDecision: 'ALLOW' | 'DENY';
  failPosture: FailPosture;
  /** TTL of a reservation hold, and of one made for a pending (long-lived) transaction. */
  reservationTtlSec: number;
  longLivedReservationTtlSec: number;
  /** How often expired holds are released. */
  reaperIntervalSec: number;
  /** How often each instance looks for rules changed by another instance. */
  ruleSyncIntervalMs: number;
  /** Proxies whose X-Forwarded-For is believed (CIDRs or addresses). */
  trustedProxyCidrs: string[];
  /** Most validations one group-commit batch writes (decision 0021). */
  validationBatchSize: number;
  /** Batches of one tenant written at the same time. */
  validationBatchesInFlight: number;
}

export const TRACER_OPTIONS = Symbol('TRACER_OPTIONS');

const enumOf = <T extends string>(values: readonly T[], fallback: T) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const normalized = (values as readonly string[]).find(
        (v) => v.toLowerCase() === value.toLowerCase(),
      );
      if (normalized === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `expected one of ${values.join(', ')}, got "${value}"`,
        });
        return z.NEVER;
      }
      return normalized as T;
    });

const cidrList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return [];
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = isIP(address);
      const maxBits = family === 6 ? 128 : 32;
      if (!family || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR` });
        return z.NEVER;
      }
    }
    return entries;
  });

export const tracerEnvSchema = z.object({
  CEL_COST_LIMIT: envInt(10_000, 1, 10_000_000),
  MAX_RULES_PER_REQUEST: envInt(1_000, 1, 100_000),
  DEFAULT_DECISION_WHEN_NO_MATCH: enumOf(['ALLOW', 'DENY'] as const, 'ALLOW'),
  TRACER_FAIL_POSTURE: enumOf(['open', 'closed'] as const, 'open'),
  RESERVATION_TTL_SEC: envInt(300, 1, 86_400),
  RESERVATION_LONG_LIVED_TTL_SEC: envInt(720 * 3600, 1, 365 * 86_400),
  RESERVATION_REAPER_INTERVAL_SEC: envInt(30, 1, 3_600),
  RULE_SYNC_INTERVAL_MS: envInt(500, 50, 60_000),
  TRUSTED_PROXY_CIDRS: cidrList,
  TRACER_VALIDATION_BATCH_SIZE: envInt(256, 1, 10_000),
  TRACER_VALIDATION_BATCHES_IN_FLIGHT: envInt(1, 1, 16),
});

/** Validates the tracer's variables; throws ConfigError naming a bad one. */
export function loadTracerOptions(env: Env): TracerOptions {
  const parsed = loadConfig(tracerEnvSchema, env);
  return {
    celCostLimit: parsed.CEL_COST_LIMIT,
    maxRulesPerRequest: parsed.MAX_RULES_PER_REQUEST,
    defaultDecision: parsed.DEFAULT_DECISION_WHEN_NO_MATCH,
    failPosture: parsed.TRACER_FAIL_POSTURE,
    reservationTtlSec: parsed.RESERVATION_TTL_SEC,
    longLivedReservationTtlSec: parsed.RESERVATION_LONG_LIVED_TTL_SEC,
    reaperIntervalSec: parsed.RESERVATION_REAPER_INTERVAL_SEC,
    ruleSyncIntervalMs: parsed.RULE_SYNC_INTERVAL_MS,
    trustedProxyCidrs: parsed.TRUSTED_PROXY_CIDRS,
    validationBatchSize: parsed.TRACER_VALIDATION_BATCH_SIZE,
    validationBatchesInFlight: parsed.TRACER_VALIDATION_BATCHES_IN_FLIGHT,
  };
}

export const DEFAULT_TRACER_OPTIONS: TracerOptions = loadTracerOptions({});

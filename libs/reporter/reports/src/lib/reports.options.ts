import { envInt, loadConfig, runModeEnvShape, type Env, type RunMode } from '@finplat/platform';
import { z } from 'zod';

export const REPORTS_OPTIONS = Symbol('REPORTS_OPTIONS');

export interface ReportsOptions {
  /** api: HTTP only; worker: generation only (plus health); all: both (default). */
  runMode: RunMode;
  multiTenant: boolean;
  /** Reports built at the same time by this process. */
  workers: number;
  /** How often an idle worker looks for jobs in PostgreSQL. */
  pollIntervalMs: number;
  /** How long a claimed job stays this worker's before another may take it over. */
  leaseSec: number;
  /** Retries of a transiently failing report (after its first attempt). */
  maxRetries: number;
  renderTimeoutMs: number;
  maxItemsPerTag: number;
  /** Reports (and files) are deleted this long after creation; unset keeps them. */
  reportTtlSec?: number;
  /** How often a worker deletes the expired reports (with their files) of each tenant. */
  expirySweepSec: number;
  pdf: { chromiumPath: string; poolSize: number; timeoutMs: number };
  /**
   * Jobs travel through RabbitMQ (decision 0034): RABBITMQ_URL set single-tenant; the tenant's
   * vhost multi-tenant (not yet: see the decision). The PostgreSQL poller then only claims
   * retries, expired leases and jobs older than `brokerFallbackSec` the broker has not delivered.
   */
  rabbitmqUrl?: string;
  brokerFallbackSec: number;
}

/** Whether report jobs go through a broker. */
export const jobsViaBroker = (options: Pick<ReportsOptions, 'multiTenant' | 'rabbitmqUrl'>) =>
  !options.multiTenant && Boolean(options.rabbitmqUrl);

const TTL_UNITS: Record<string, number> = {
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  M: 2_592_000,
  y: 31_536_000,
};

/** `3m`, `4h`, `5d`, `6w`, `7M`, `8y` (Reporter's TTL spelling) in seconds. */
export function parseTtl(value: string): number | undefined {
  const match = /^(\d+)([mhdwMy])$/.exec(value.trim());
  return match ? Number(match[1]) * TTL_UNITS[match[2]] : undefined;
}

const schema = z.object({
  ...runModeEnvShape,
  REPORT_WORKERS: envInt(2, 1, 32),
  REPORT_POLL_INTERVAL_MS: envInt(500, 50, 60_000),
  REPORT_JOB_LEASE_SEC: envInt(300, 2, 86_400),
  REPORT_MAX_RETRIES: envInt(5, 0, 5),
  REPORT_RENDER_TIMEOUT_SEC: envInt(120, 1, 3600),
  REPORT_MAX_ITEMS_PER_TAG: envInt(100_000, 1, 10_000_000),
  REPORT_TTL: z
    .string()
    .optional()
    .refine((value) => value === undefined || parseTtl(value) !== undefined, {
      message: 'must be a number and a unit: m, h, d, w, M or y (e.g. 7d)',
    }),
  REPORT_EXPIRY_SWEEP_SEC: envInt(60, 1, 86_400),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  PDF_POOL_WORKERS: envInt(2, 1, 16),
  PDF_TIMEOUT_SEC: envInt(30, 1, 600),
  REPORT_BROKER_FALLBACK_SEC: envInt(60, 1, 86_400),
});

export function loadReportsOptions(
  env: Env,
  multiTenant: boolean,
  rabbitmqUrl?: string,
): ReportsOptions {
  const parsed = loadConfig(schema, env);
  return {
    runMode: parsed.RUN_MODE,
    multiTenant,
    workers: parsed.REPORT_WORKERS,
    pollIntervalMs: parsed.REPORT_POLL_INTERVAL_MS,
    leaseSec: parsed.REPORT_JOB_LEASE_SEC,
    maxRetries: parsed.REPORT_MAX_RETRIES,
    renderTimeoutMs: parsed.REPORT_RENDER_TIMEOUT_SEC * 1000,
    maxItemsPerTag: parsed.REPORT_MAX_ITEMS_PER_TAG,
    reportTtlSec: parsed.REPORT_TTL ? parseTtl(parsed.REPORT_TTL) : undefined,
    expirySweepSec: parsed.REPORT_EXPIRY_SWEEP_SEC,
    pdf: {
      chromiumPath: parsed.CHROMIUM_PATH,
      poolSize: parsed.PDF_POOL_WORKERS,
      timeoutMs: parsed.PDF_TIMEOUT_SEC * 1000,
    },
    rabbitmqUrl,
    brokerFallbackSec: parsed.REPORT_BROKER_FALLBACK_SEC,
  };
}

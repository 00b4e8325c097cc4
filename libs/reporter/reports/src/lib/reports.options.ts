import {
  ConfigError,
  envBoolean,
  envInt,
  envUrl,
  loadConfig,
  runModeEnvShape,
  type Env,
  type RunMode,
} from '@finplat/platform';
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
   * Jobs travel through RabbitMQ (decisions 0034, 0036): RABBITMQ_URL set single-tenant; the
   * tenant's own vhost multi-tenant. The PostgreSQL poller then only claims retries, expired
   * leases and jobs older than `brokerFallbackSec` the broker has not delivered.
   */
  rabbitmqUrl?: string;
  brokerFallbackSec: number;
  /** Report files go to this S3-compatible bucket instead of the tenant's database (0035). */
  objectStorage?: ObjectStorageOptions;
}

export interface ObjectStorageOptions {
  /** Unset: the AWS endpoint of `region`. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretKey: string;
  bucket: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key` (MinIO, SeaweedFS, s3rver). */
  usePathStyle: boolean;
}

/** Any of these set turns object storage on; then BUCKET and the two keys are required. */
export const OBJECT_STORAGE_VARIABLES = [
  'OBJECT_STORAGE_ENDPOINT',
  'OBJECT_STORAGE_REGION',
  'OBJECT_STORAGE_ACCESS_KEY_ID',
  'OBJECT_STORAGE_SECRET_KEY',
  'OBJECT_STORAGE_BUCKET',
  'OBJECT_STORAGE_USE_PATH_STYLE',
  'OBJECT_STORAGE_DISABLE_SSL',
] as const;

/** S3 bucket naming rules (3-63 lowercase letters, digits, dots and hyphens). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Whether report jobs go through a broker: single-tenant with RABBITMQ_URL, multi-tenant always
 * (each tenant's vhost, as tenant-manager provisions it; a tenant without one is polled from
 * PostgreSQL at once, see ReportWorker). Decision 0036.
 */
export const jobsViaBroker = (options: Pick<ReportsOptions, 'multiTenant' | 'rabbitmqUrl'>) =>
  options.multiTenant || Boolean(options.rabbitmqUrl);

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
  OBJECT_STORAGE_ENDPOINT: envUrl(['http', 'https']).optional(),
  OBJECT_STORAGE_REGION: z.string().default('us-east-1'),
  OBJECT_STORAGE_ACCESS_KEY_ID: z.string().optional(),
  OBJECT_STORAGE_SECRET_KEY: z.string().optional(),
  OBJECT_STORAGE_BUCKET: z
    .string()
    .regex(BUCKET_NAME, 'must be an S3 bucket name (3-63 lowercase letters, digits, . and -)')
    .optional(),
  OBJECT_STORAGE_USE_PATH_STYLE: envBoolean(false),
  OBJECT_STORAGE_DISABLE_SSL: envBoolean(false),
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
    objectStorage: objectStorageOf(env, parsed),
  };
}

/**
 * OBJECT_STORAGE_*: none set keeps files in the tenant's database; any set requires a whole,
 * consistent configuration, so a typo stops the app at start-up instead of failing reports.
 */
function objectStorageOf(
  env: Env,
  parsed: z.output<typeof schema>,
): ObjectStorageOptions | undefined {
  if (!OBJECT_STORAGE_VARIABLES.some((name) => env[name]?.trim())) return undefined;
  const problems: string[] = [];
  for (const name of [
    'OBJECT_STORAGE_BUCKET',
    'OBJECT_STORAGE_ACCESS_KEY_ID',
    'OBJECT_STORAGE_SECRET_KEY',
  ] as const) {
    if (!parsed[name]) problems.push(`${name}: required when any OBJECT_STORAGE_* is set`);
  }
  let endpoint = parsed.OBJECT_STORAGE_ENDPOINT;
  if (parsed.OBJECT_STORAGE_DISABLE_SSL) {
    if (!endpoint) {
      problems.push('OBJECT_STORAGE_DISABLE_SSL: needs OBJECT_STORAGE_ENDPOINT (an http:// URL)');
    } else if (endpoint.startsWith('https:')) {
      problems.push(
        'OBJECT_STORAGE_DISABLE_SSL: OBJECT_STORAGE_ENDPOINT is https://; give the http:// URL',
      );
    }
  } else if (endpoint?.startsWith('http:')) {
    problems.push(
      'OBJECT_STORAGE_ENDPOINT: is http:// (no TLS); set OBJECT_STORAGE_DISABLE_SSL=true to allow it',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  endpoint = endpoint?.replace(/\/+$/, '');
  return {
    endpoint,
    region: parsed.OBJECT_STORAGE_REGION,
    accessKeyId: parsed.OBJECT_STORAGE_ACCESS_KEY_ID as string,
    secretKey: parsed.OBJECT_STORAGE_SECRET_KEY as string,
    bucket: parsed.OBJECT_STORAGE_BUCKET as string,
    usePathStyle: parsed.OBJECT_STORAGE_USE_PATH_STYLE,
  };
}

import { ConfigError } from '@finplat/platform';
import { jobsViaBroker, loadReportsOptions, parseTtl } from './reports.options';

describe('reports options', () => {
  it('should default to RUN_MODE=all, 2 workers, 5 retries and no TTL', () => {
    expect(loadReportsOptions({}, false)).toMatchObject({
      runMode: 'all',
      workers: 2,
      maxRetries: 5,
      reportTtlSec: undefined,
      expirySweepSec: 60,
      pdf: { chromiumPath: '/usr/bin/chromium', poolSize: 2, timeoutMs: 30_000 },
    });
  });

  it('should read REPORT_TTL in Reporter units', () => {
    expect([
      parseTtl('3m'),
      parseTtl('4h'),
      parseTtl('7d'),
      parseTtl('1w'),
      parseTtl('1M'),
      parseTtl('1y'),
    ]).toEqual([180, 14_400, 604_800, 604_800, 2_592_000, 31_536_000]);
    expect(loadReportsOptions({ REPORT_TTL: '7d' }, false).reportTtlSec).toBe(604_800);
  });

  it.each([
    [{ RUN_MODE: 'both' }, 'RUN_MODE'],
    [{ REPORT_MAX_RETRIES: '6' }, 'REPORT_MAX_RETRIES'],
    [{ REPORT_TTL: '7 days' }, 'REPORT_TTL'],
    [{ REPORT_EXPIRY_SWEEP_SEC: '0' }, 'REPORT_EXPIRY_SWEEP_SEC'],
    [{ PDF_POOL_WORKERS: '0' }, 'PDF_POOL_WORKERS'],
  ])('should refuse %j naming the variable', (env, name) => {
    expect(() => loadReportsOptions(env, false)).toThrow(ConfigError);
    expect(() => loadReportsOptions(env, false)).toThrow(name);
  });

  it('should send jobs through a broker with RABBITMQ_URL single-tenant and always multi-tenant', () => {
    expect(jobsViaBroker({ multiTenant: false })).toBe(false);
    expect(jobsViaBroker({ multiTenant: false, rabbitmqUrl: 'amqp://h' })).toBe(true);
    expect(jobsViaBroker({ multiTenant: true })).toBe(true);
  });
});

describe('reports options: OBJECT_STORAGE_*', () => {
  const S3 = {
    OBJECT_STORAGE_ENDPOINT: 'https://s3.example.test/',
    OBJECT_STORAGE_ACCESS_KEY_ID: 'AKID',
    OBJECT_STORAGE_SECRET_KEY: 'secret',
    OBJECT_STORAGE_BUCKET: 'reports',
  };

  it('should keep files in the database when no OBJECT_STORAGE_* is set', () => {
    expect(loadReportsOptions({ OBJECT_STORAGE_BUCKET: ' ' }, false).objectStorage).toBe(undefined);
  });

  it('should read a whole configuration, region and path style defaulted', () => {
    expect(loadReportsOptions(S3, false).objectStorage).toEqual({
      endpoint: 'https://s3.example.test',
      region: 'us-east-1',
      accessKeyId: 'AKID',
      secretKey: 'secret',
      bucket: 'reports',
      usePathStyle: false,
    });
    expect(
      loadReportsOptions(
        {
          ...S3,
          OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9000',
          OBJECT_STORAGE_DISABLE_SSL: 'true',
          OBJECT_STORAGE_USE_PATH_STYLE: 'true',
          OBJECT_STORAGE_REGION: 'sa-east-1',
        },
        false,
      ).objectStorage,
    ).toMatchObject({ endpoint: 'http://127.0.0.1:9000', region: 'sa-east-1', usePathStyle: true });
  });

  it.each([
    [{ OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9000' }, 'OBJECT_STORAGE_BUCKET'],
    [{ ...S3, OBJECT_STORAGE_SECRET_KEY: undefined }, 'OBJECT_STORAGE_SECRET_KEY'],
    [{ ...S3, OBJECT_STORAGE_ACCESS_KEY_ID: '' }, 'OBJECT_STORAGE_ACCESS_KEY_ID'],
    [{ ...S3, OBJECT_STORAGE_BUCKET: 'Reports_1' }, 'OBJECT_STORAGE_BUCKET'],
    [{ ...S3, OBJECT_STORAGE_ENDPOINT: 'ftp://x' }, 'OBJECT_STORAGE_ENDPOINT'],
    [{ ...S3, OBJECT_STORAGE_ENDPOINT: 'http://x:9000' }, 'OBJECT_STORAGE_DISABLE_SSL=true'],
    [{ ...S3, OBJECT_STORAGE_DISABLE_SSL: 'true' }, 'OBJECT_STORAGE_DISABLE_SSL'],
    [{ ...S3, OBJECT_STORAGE_USE_PATH_STYLE: 'yes' }, 'OBJECT_STORAGE_USE_PATH_STYLE'],
  ])('should refuse %j naming %s', (env, name) => {
    expect(() => loadReportsOptions(env, false)).toThrow(ConfigError);
    expect(() => loadReportsOptions(env, false)).toThrow(name);
  });
});

import { ConfigError } from '@finplat/platform';
import { loadReportsOptions, parseTtl } from './reports.options';

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
});

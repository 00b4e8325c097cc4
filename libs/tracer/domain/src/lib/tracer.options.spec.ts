import { ConfigError } from '@finplat/platform';
import { loadTracerOptions } from './tracer.options';

describe('loadTracerOptions', () => {
  it('should default every variable', () => {
    expect(loadTracerOptions({})).toEqual({
      celCostLimit: 10_000,
      maxRulesPerRequest: 1_000,
      defaultDecision: 'ALLOW',
      failPosture: 'open',
      reservationTtlSec: 300,
      longLivedReservationTtlSec: 720 * 3600,
      reaperIntervalSec: 30,
      ruleSyncIntervalMs: 500,
      trustedProxyCidrs: [],
      validationBatchSize: 256,
      validationBatchesInFlight: 1,
    });
  });

  it('should read the variables, case-insensitively for enums', () => {
    const options = loadTracerOptions({
      CEL_COST_LIMIT: '500',
      DEFAULT_DECISION_WHEN_NO_MATCH: 'deny',
      TRACER_FAIL_POSTURE: 'CLOSED',
      TRUSTED_PROXY_CIDRS: '10.0.0.0/8, 127.0.0.1,::1/128',
    });
    expect(options).toMatchObject({
      celCostLimit: 500,
      defaultDecision: 'DENY',
      failPosture: 'closed',
      trustedProxyCidrs: ['10.0.0.0/8', '127.0.0.1', '::1/128'],
    });
  });

  it.each([
    ['CEL_COST_LIMIT', '0'],
    ['CEL_COST_LIMIT', 'lots'],
    ['TRACER_FAIL_POSTURE', 'ajar'],
    ['DEFAULT_DECISION_WHEN_NO_MATCH', 'REVIEW'],
    ['TRUSTED_PROXY_CIDRS', '10.0.0.0/33'],
    ['TRUSTED_PROXY_CIDRS', 'proxy.local'],
    ['MAX_RULES_PER_REQUEST', '0'],
  ])('should refuse %s=%s naming the variable', (name, value) => {
    expect(() => loadTracerOptions({ [name]: value })).toThrow(ConfigError);
    expect(() => loadTracerOptions({ [name]: value })).toThrow(new RegExp(name));
  });
});

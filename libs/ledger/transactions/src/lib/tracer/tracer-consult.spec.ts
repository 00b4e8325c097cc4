import { DomainError } from '@finplat/platform';
import { reserveRequestOf, tracerEffect, type Consultation } from './tracer-consult';

const decided = (decision: 'ALLOW' | 'DENY' | 'REVIEW'): Consultation => ({
  outcome: 'decided',
  decision,
  reason: `reason of ${decision}`,
  reservationIds: decision === 'DENY' ? [] : ['r1'],
  matchedRuleIds: ['rule-1'],
});
const unavailable: Consultation = { outcome: 'unavailable', reason: 'ECONNREFUSED' };
const settings = (
  mode: 'off' | 'advisory' | 'enforce',
  failPosture: 'open' | 'closed' = 'open',
) => ({
  mode,
  failPosture,
  timeoutMs: 250,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.definition.code : 'not a DomainError';
  }
  return 'no error';
};

describe('tracerEffect: how a ledger reads the tracer', () => {
  it('should ignore the tracer entirely in mode off', () => {
    expect(tracerEffect(decided('DENY'), settings('off'), 'json')).toEqual({
      tracerSkipped: false,
      pending: false,
      statusDescription: null,
    });
  });

  it('should record every decision and never block in advisory, whatever the posture', () => {
    const deny = tracerEffect(decided('DENY'), settings('advisory', 'closed'), 'json');
    expect(deny).toMatchObject({ pending: false, tracerSkipped: false });
    expect(deny.statusDescription).toBe('Tracer advisory DENY: reason of DENY');
    expect(deny.record).toMatchObject({ mode: 'advisory', decision: 'DENY' });
    expect(tracerEffect(decided('REVIEW'), settings('advisory'), 'json').pending).toBe(false);
    const down = tracerEffect(unavailable, settings('advisory', 'closed'), 'json');
    expect(down).toMatchObject({ tracerSkipped: true, record: { skipped: true } });
  });

  it('should refuse a DENY, hold a REVIEW and post an ALLOW in enforce', () => {
    expect(codeOf(() => tracerEffect(decided('DENY'), settings('enforce'), 'json'))).toBe('0177');
    const review = tracerEffect(decided('REVIEW'), settings('enforce'), 'json');
    expect(review).toMatchObject({ pending: true, record: { reservationIds: ['r1'] } });
    expect(review.statusDescription).toContain('Tracer REVIEW: reason of REVIEW');
    const allow = tracerEffect(decided('ALLOW'), settings('enforce'), 'outflow');
    expect(allow).toMatchObject({ pending: false, tracerSkipped: false });
  });

  it('should refuse a REVIEW of an inflow, which cannot wait pending', () => {
    expect(codeOf(() => tracerEffect(decided('REVIEW'), settings('enforce'), 'inflow'))).toBe(
      '0177',
    );
  });

  it('should post unchecked when open and refuse with 0178 when closed', () => {
    expect(tracerEffect(unavailable, settings('enforce', 'open'), 'json')).toMatchObject({
      tracerSkipped: true,
      pending: false,
    });
    let refusal: DomainError | undefined;
    try {
      tracerEffect(unavailable, settings('enforce', 'closed'), 'json');
    } catch (error) {
      refusal = error as DomainError;
    }
    expect(refusal?.definition.code).toBe('0178');
    expect(refusal?.details.retryAfterSec).toBeGreaterThan(0);
    expect(refusal?.message).toContain('ECONNREFUSED');
  });
});

describe('reserveRequestOf', () => {
  it('should describe the transaction within what the tracer accepts', () => {
    const metadata: Record<string, string> = { ['k'.repeat(65)]: 'too long a key' };
    for (let i = 0; i < 60; i += 1) metadata[`key${i}`] = String(i);
    const body = reserveRequestOf({
      transactionId: 't1',
      kind: 'json',
      amount: '10.50',
      asset: 'USD',
      pending: true,
      metadata,
      account: { id: 'a1', type: '', status: 'ACTIVE', segmentId: 's1', portfolioId: null },
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(body).toMatchObject({
      transactionId: 't1',
      amount: '10.50',
      currency: 'USD',
      subType: 'transfer',
      longLived: true,
      transactionTimestamp: '2026-01-01T00:00:00.000Z',
      account: { accountId: 'a1', type: 'deposit', status: 'active' },
      segment: { segmentId: 's1' },
    });
    expect(body.portfolio).toBeUndefined();
    expect(Object.keys(body.metadata ?? {})).toHaveLength(50);
    expect(Object.keys(body.metadata ?? {}).every((k) => k.length <= 64)).toBe(true);
  });
});

import {
  describeScope,
  isoWeekKey,
  periodKey,
  resetAt,
  scopeKey,
  skipReason,
  type LimitWindow,
} from './limit-periods';

const window = (over: Partial<LimitWindow> = {}): LimitWindow => ({
  limitType: 'DAILY',
  activeTimeStart: null,
  activeTimeEnd: null,
  customStartDate: null,
  customEndDate: null,
  ...over,
});

describe('limit periods', () => {
  const at = new Date('2026-12-31T23:59:59.999Z'); // a Thursday

  it('should key each period type in UTC', () => {
    expect(periodKey('DAILY', at)).toBe('2026-12-31');
    expect(periodKey('MONTHLY', at)).toBe('2026-12');
    expect(periodKey('WEEKLY', at)).toBe('2026-W53');
    expect(periodKey('CUSTOM', at)).toBe('custom');
    expect(periodKey('PER_TRANSACTION', at)).toBeNull();
  });

  it('should number ISO weeks across year boundaries', () => {
    expect(isoWeekKey(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53'); // Sunday
    expect(isoWeekKey(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01'); // Monday
    expect(isoWeekKey(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
  });

  it('should reset at the next UTC midnight, Monday, 1st, or a day after a custom end', () => {
    expect(resetAt(window(), at)?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(resetAt(window({ limitType: 'WEEKLY' }), at)?.toISOString()).toBe(
      '2027-01-04T00:00:00.000Z',
    );
    expect(resetAt(window({ limitType: 'MONTHLY' }), at)?.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    const end = new Date('2027-03-01T00:00:00Z');
    expect(
      resetAt(
        window({ limitType: 'CUSTOM', customStartDate: at, customEndDate: end }),
        at,
      )?.toISOString(),
    ).toBe('2027-03-02T00:00:00.000Z');
    expect(resetAt(window({ limitType: 'PER_TRANSACTION' }), at)).toBeNull();
  });
});

describe('skipReason', () => {
  const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);

  it('should apply a daytime window from its start up to (not including) its end', () => {
    const limit = window({ activeTimeStart: '09:00', activeTimeEnd: '17:00' });
    expect(skipReason(limit, at('09:00'))).toBeUndefined();
    expect(skipReason(limit, at('16:59'))).toBeUndefined();
    expect(skipReason(limit, at('17:00'))).toBe('outside_time_window');
    expect(skipReason(limit, at('08:59'))).toBe('outside_time_window');
  });

  it('should apply an overnight window across midnight', () => {
    const limit = window({ activeTimeStart: '22:00', activeTimeEnd: '06:00' });
    expect(skipReason(limit, at('23:30'))).toBeUndefined();
    expect(skipReason(limit, at('05:59'))).toBeUndefined();
    expect(skipReason(limit, at('12:00'))).toBe('outside_time_window');
  });

  it('should skip a custom limit outside its period', () => {
    const limit = window({
      limitType: 'CUSTOM',
      customStartDate: new Date('2026-06-01T00:00:00Z'),
      customEndDate: new Date('2026-06-30T00:00:00Z'),
    });
    expect(skipReason(limit, new Date('2026-06-15T00:00:00Z'))).toBeUndefined();
    expect(skipReason(limit, new Date('2026-07-01T00:00:00Z'))).toBe('outside_custom_period');
  });
});

describe('scope keys', () => {
  it("should follow the limit's own granularity in a fixed order", () => {
    expect(scopeKey(undefined)).toBe('global');
    expect(scopeKey({ segmentId: 's', accountId: 'a' })).toBe('acct:a:seg:s');
    expect(scopeKey({ transactionType: 'CARD' })).toBe('type:CARD');
    expect(describeScope({ accountId: 'a' })).toBe('account:a');
  });
});

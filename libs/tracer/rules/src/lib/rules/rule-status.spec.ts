import { DomainError, httpStatusOf } from '@finplat/platform';
import {
  canTransition,
  planTransition,
  RULE_STATUSES,
  RULE_TRANSITIONS,
  type RuleStatus,
} from './rule-status';

const ID = '01890000-0000-7000-8000-000000000001';

describe('rule status machine', () => {
  const allowed: [RuleStatus, RuleStatus][] = [
    ['DRAFT', 'ACTIVE'],
    ['DRAFT', 'DELETED'],
    ['ACTIVE', 'INACTIVE'],
    ['INACTIVE', 'ACTIVE'],
    ['INACTIVE', 'DRAFT'],
    ['INACTIVE', 'DELETED'],
  ];
  const forbidden: [RuleStatus, RuleStatus][] = RULE_STATUSES.flatMap((from) =>
    RULE_STATUSES.filter(
      (to) => to !== from && !allowed.some(([f, t]) => f === from && t === to),
    ).map((to): [RuleStatus, RuleStatus] => [from, to]),
  );

  it('should list exactly the documented transitions', () => {
    expect(RULE_TRANSITIONS).toEqual({
      DRAFT: ['ACTIVE', 'DELETED'],
      ACTIVE: ['INACTIVE'],
      INACTIVE: ['ACTIVE', 'DRAFT', 'DELETED'],
      DELETED: [],
    });
    expect(forbidden).toHaveLength(16 - 4 - allowed.length);
  });

  it.each(allowed)('should allow %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(planTransition(ID, from, to)).toBe('apply');
  });

  it.each(RULE_STATUSES.map((s) => [s]))(
    'should treat %s → itself as an idempotent no-op',
    (status) => {
      expect(planTransition(ID, status, status)).toBe('noop');
    },
  );

  it.each(forbidden)('should refuse %s → %s with 422 TRC-0102 naming both states', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      planTransition(ID, from, to);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('TRC-0102');
    expect(httpStatusOf(domainError.definition.kind)).toBe(422);
    expect(domainError.message).toContain(`from ${from} to ${to}`);
    expect(domainError.message).toContain(ID);
  });

  it('should tell that an ACTIVE rule must be deactivated before deletion', () => {
    expect(() => planTransition(ID, 'ACTIVE', 'DELETED')).toThrow(/can only move to INACTIVE/);
    expect(() => planTransition(ID, 'DELETED', 'DRAFT')).toThrow(/DELETED is a final state/);
  });
});

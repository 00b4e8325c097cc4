import { DomainError, httpStatusOf } from '@finplat/platform';
import {
  canTransition,
  planTransition,
  LIFECYCLE_STATUSES,
  LIFECYCLE_TRANSITIONS,
  type LifecycleStatus,
} from './lifecycle';

const ID = '01890000-0000-7000-8000-000000000001';

describe('lifecycle status machine', () => {
  const allowed: [LifecycleStatus, LifecycleStatus][] = [
    ['DRAFT', 'ACTIVE'],
    ['DRAFT', 'DELETED'],
    ['ACTIVE', 'INACTIVE'],
    ['INACTIVE', 'ACTIVE'],
    ['INACTIVE', 'DRAFT'],
    ['INACTIVE', 'DELETED'],
  ];
  const forbidden: [LifecycleStatus, LifecycleStatus][] = LIFECYCLE_STATUSES.flatMap((from) =>
    LIFECYCLE_STATUSES.filter(
      (to) => to !== from && !allowed.some(([f, t]) => f === from && t === to),
    ).map((to): [LifecycleStatus, LifecycleStatus] => [from, to]),
  );

  it('should list exactly the documented transitions', () => {
    expect(LIFECYCLE_TRANSITIONS).toEqual({
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

  it.each(LIFECYCLE_STATUSES.map((s) => [s]))(
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

describe('limit lifecycle', () => {
  it('should name the limit in a refused transition', () => {
    expect(() => planTransition(ID, 'ACTIVE', 'DELETED', 'Limit')).toThrow(
      new RegExp(`^Limit ${ID} cannot move from ACTIVE to DELETED`),
    );
  });
});

import { DomainError } from '@finplat/platform';
import { TracerErrors } from './tracer.errors';

export const LIFECYCLE_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE', 'DELETED'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/**
 * Tracer's status machine, shared by rules and limits:
 * DRAFT → ACTIVE | DELETED; ACTIVE → INACTIVE; INACTIVE → ACTIVE | DRAFT | DELETED;
 * DELETED is terminal. An ACTIVE item must be deactivated before it can be deleted.
 */
export const LIFECYCLE_TRANSITIONS: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> =
  {
    DRAFT: ['ACTIVE', 'DELETED'],
    ACTIVE: ['INACTIVE'],
    INACTIVE: ['ACTIVE', 'DRAFT', 'DELETED'],
    DELETED: [],
  };

export function canTransition(from: LifecycleStatus, to: LifecycleStatus): boolean {
  return LIFECYCLE_TRANSITIONS[from].includes(to);
}

/**
 * What moving an item from `from` to `to` means: `noop` when it is already there (the
 * transition endpoints are idempotent), `apply` when the machine allows it. Anything else
 * is 422 TRC-0102, naming both states and what `from` may become.
 */
export function planTransition(
  id: string,
  from: LifecycleStatus,
  to: LifecycleStatus,
  entityType: 'Rule' | 'Limit' = 'Rule',
): 'noop' | 'apply' {
  if (from === to) return 'noop';
  if (canTransition(from, to)) return 'apply';
  const allowed = LIFECYCLE_TRANSITIONS[from];
  throw new DomainError(
    TracerErrors.INVALID_STATUS_TRANSITION,
    `${entityType} ${id} cannot move from ${from} to ${to}; ` +
      (allowed.length
        ? `from ${from} it can only move to ${allowed.join(' or ')}.`
        : `${from} is a final state.`),
    { entityType, from, to },
  );
}

/** The lifecycle timestamps a transition to `target` sets, at `now`. */
export function lifecycleStamps(
  target: LifecycleStatus,
  now: Date,
): { activatedAt?: Date; deactivatedAt?: Date; deletedAt?: Date } {
  if (target === 'ACTIVE') return { activatedAt: now };
  if (target === 'INACTIVE') return { deactivatedAt: now };
  if (target === 'DELETED') return { deletedAt: now };
  return {};
}

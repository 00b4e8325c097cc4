import { DomainError } from '@finplat/platform';
import { TracerErrors } from '../common/tracer.errors';

export const RULE_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE', 'DELETED'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

/**
 * The rule lifecycle (Tracer's status machine, shared with limits):
 * DRAFT → ACTIVE | DELETED; ACTIVE → INACTIVE; INACTIVE → ACTIVE | DRAFT | DELETED;
 * DELETED is terminal. An ACTIVE rule must be deactivated before it can be deleted.
 */
export const RULE_TRANSITIONS: Readonly<Record<RuleStatus, readonly RuleStatus[]>> = {
  DRAFT: ['ACTIVE', 'DELETED'],
  ACTIVE: ['INACTIVE'],
  INACTIVE: ['ACTIVE', 'DRAFT', 'DELETED'],
  DELETED: [],
};

export function canTransition(from: RuleStatus, to: RuleStatus): boolean {
  return RULE_TRANSITIONS[from].includes(to);
}

/**
 * What moving a rule from `from` to `to` means: `noop` when it is already there (the
 * transition endpoints are idempotent), `apply` when the machine allows it. Anything else
 * is 422 TRC-0102, naming both states and what `from` may become.
 */
export function planTransition(ruleId: string, from: RuleStatus, to: RuleStatus): 'noop' | 'apply' {
  if (from === to) return 'noop';
  if (canTransition(from, to)) return 'apply';
  const allowed = RULE_TRANSITIONS[from];
  throw new DomainError(
    TracerErrors.INVALID_STATUS_TRANSITION,
    `Rule ${ruleId} cannot move from ${from} to ${to}; ` +
      (allowed.length
        ? `from ${from} it can only move to ${allowed.join(' or ')}.`
        : `${from} is a final state.`),
    { entityType: 'Rule', from, to },
  );
}

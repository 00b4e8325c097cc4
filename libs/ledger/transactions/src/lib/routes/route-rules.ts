import { DomainError } from '@finplat/platform';
import type { AccountRuleType, OperationRouteType } from '@finplat/ledger-database';
import { RouteErrors } from './route.errors';

const OPERATION_TYPES: readonly OperationRouteType[] = ['source', 'destination', 'bidirectional'];
const RULE_TYPES: readonly AccountRuleType[] = ['alias', 'account_type'];

export function parseOperationType(value: string): OperationRouteType {
  if (!OPERATION_TYPES.includes(value as OperationRouteType)) {
    throw new DomainError(
      RouteErrors.INVALID_OPERATION_TYPE,
      `operationType must be one of ${OPERATION_TYPES.join(', ')}.`,
      { entityType: 'OperationRoute', fields: { operationType: 'invalid' } },
    );
  }
  return value as OperationRouteType;
}

/** `account {ruleType, validIf}`: a rule type and one non-empty string or a list of them. */
export function parseAccountRule(rule: { ruleType: string; validIf: unknown }): {
  ruleType: AccountRuleType;
  validIf: string | string[];
} {
  if (!RULE_TYPES.includes(rule.ruleType as AccountRuleType)) {
    throw new DomainError(
      RouteErrors.INVALID_ACCOUNT_RULE_TYPE,
      `account.ruleType must be one of ${RULE_TYPES.join(', ')}.`,
      { entityType: 'OperationRoute', fields: { 'account.ruleType': 'invalid' } },
    );
  }
  const { validIf } = rule;
  const ok = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 256;
  if (!(ok(validIf) || (Array.isArray(validIf) && validIf.length > 0 && validIf.every(ok)))) {
    throw new DomainError(
      RouteErrors.INVALID_ACCOUNT_RULE_VALUE,
      'account.validIf must be a non-empty string or a non-empty list of them.',
      { entityType: 'OperationRoute', fields: { 'account.validIf': 'invalid' } },
    );
  }
  return { ruleType: rule.ruleType as AccountRuleType, validIf: validIf as string | string[] };
}

/** Whether a route of this type may carry a leg of this side. */
export const routeAdmitsSide = (type: OperationRouteType, side: 'source' | 'destination') =>
  type === 'bidirectional' || type === side;

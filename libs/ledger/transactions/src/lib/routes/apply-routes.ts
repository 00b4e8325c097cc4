import { DomainError } from '@finplat/platform';
import type {
  AccountingAction,
  AccountingEntries,
  AccountRuleType,
  OperationRouteType,
} from '@finplat/ledger-database';
import type { Phase } from '../posting/balance-effects';
import type { ResolvedLeg } from '../posting/resolve-legs';
import { RouteErrors } from './route.errors';
import { routeAdmitsSide } from './route-rules';

/** An operation route as the posting path reads it (with the batch's one read statement). */
export interface PostingRoute {
  id: string;
  ledgerId: string;
  code: string | null;
  description: string | null;
  operationType: OperationRouteType;
  accountRuleType: AccountRuleType | null;
  accountValidIf: string | string[] | null;
  accountingEntries: AccountingEntries;
}

export interface PostingTransactionRoute {
  id: string;
  ledgerId: string;
  operationRouteIds: string[];
}

/** The routes a batch named, by id. */
export interface RouteCatalog {
  operation: ReadonlyMap<string, PostingRoute>;
  transaction: ReadonlyMap<string, PostingTransactionRoute>;
}

export const EMPTY_ROUTES: RouteCatalog = { operation: new Map(), transaction: new Map() };

/** How a plan books its operations: the accounting action, and whether routes are enforced. */
export interface Routing {
  action: AccountingAction;
  strict: boolean;
}

/** The accounting action of a phase (Midaz's accounting entries). */
export function actionOf(phase: Phase, revert: boolean): AccountingAction {
  switch (phase) {
    case 'hold':
      return 'hold';
    case 'commit':
      return 'commit';
    case 'release':
      return 'cancel';
    case 'block':
    case 'unblock':
      return phase;
    default:
      return revert ? 'revert' : 'direct';
  }
}

const asList = (value: string | string[] | null): string[] =>
  value === null ? [] : Array.isArray(value) ? value : [value];

/**
 * The operation route of each leg (in order), checked. A named route must exist in the ledger
 * (0105, 0101) whether or not routes are enforced. With `validateRoutes` (strict) the
 * transaction names its transaction route (0114), every leg names one of that route's
 * operation routes (0117), of its side (0152), admitting its account by alias (0118) or
 * account type (0119); a revert needs bidirectional routes (0165).
 */
export function routeLegs(input: {
  ledgerId: string;
  transactionRouteId?: string;
  legs: Pick<ResolvedLeg, 'side' | 'accountAlias' | 'routeId'>[];
  catalog: RouteCatalog;
  strict: boolean;
  revert: boolean;
  accountTypeOf: (leg: Pick<ResolvedLeg, 'accountAlias'>, index: number) => string | undefined;
}): (PostingRoute | undefined)[] {
  const { ledgerId, catalog, strict } = input;
  let transactionRoute: PostingTransactionRoute | undefined;
  if (input.transactionRouteId) {
    transactionRoute = catalog.transaction.get(input.transactionRouteId);
    if (!transactionRoute || transactionRoute.ledgerId !== ledgerId) {
      throw new DomainError(
        RouteErrors.TRANSACTION_ROUTE_NOT_FOUND,
        `Transaction route ${input.transactionRouteId} does not exist in this ledger.`,
        { entityType: 'TransactionRoute', fields: { routeId: input.transactionRouteId } },
      );
    }
  } else if (strict && !input.revert) {
    throw new DomainError(
      RouteErrors.TRANSACTION_ROUTE_NOT_INFORMED,
      'This ledger validates routes: the transaction must name its transaction route (routeId).',
      { fields: { routeId: 'required' } },
    );
  }
  return input.legs.map((leg, index) => {
    const field = `legs[${index}].routeId`;
    if (!leg.routeId) {
      if (!strict) return undefined;
      throw new DomainError(
        RouteErrors.ACCOUNTING_ROUTE_NOT_FOUND,
        `This ledger validates routes: the leg of ${leg.accountAlias} must name its operation route (routeId).`,
        { fields: { [field]: 'required' } },
      );
    }
    const route = catalog.operation.get(leg.routeId);
    if (!route || route.ledgerId !== ledgerId) {
      throw new DomainError(
        RouteErrors.OPERATION_ROUTE_NOT_FOUND,
        `Operation route ${leg.routeId} does not exist in this ledger.`,
        { entityType: 'OperationRoute', fields: { [field]: leg.routeId } },
      );
    }
    if (!strict) return route;
    if (input.revert) {
      if (route.operationType !== 'bidirectional') {
        throw new DomainError(
          RouteErrors.REVERT_ONLY_BIDIRECTIONAL,
          `Operation route ${route.id} is ${route.operationType}; a revert needs bidirectional routes.`,
        );
      }
      return route;
    }
    if (transactionRoute && !transactionRoute.operationRouteIds.includes(route.id)) {
      throw new DomainError(
        RouteErrors.ACCOUNTING_ROUTE_NOT_FOUND,
        `Operation route ${route.id} is not part of transaction route ${transactionRoute.id}.`,
        { fields: { [field]: 'not in the transaction route' } },
      );
    }
    if (!routeAdmitsSide(route.operationType, leg.side)) {
      throw new DomainError(
        RouteErrors.DIRECTION_ROUTE_MISMATCH,
        `Operation route ${route.id} is a ${route.operationType} route; the leg of ${leg.accountAlias} is a ${leg.side}.`,
        { fields: { [field]: 'wrong side' } },
      );
    }
    const allowed = asList(route.accountValidIf);
    if (route.accountRuleType === 'alias' && !allowed.includes(leg.accountAlias)) {
      throw new DomainError(
        RouteErrors.ALIAS_VALIDATION_FAILED,
        `Operation route ${route.id} does not admit account ${leg.accountAlias}.`,
        { fields: { [field]: 'alias not admitted' } },
      );
    }
    if (route.accountRuleType === 'account_type') {
      const type = input.accountTypeOf(leg, index);
      if (type !== undefined && !allowed.includes(type)) {
        throw new DomainError(
          RouteErrors.ACCOUNT_TYPE_VALIDATION_FAILED,
          `Operation route ${route.id} does not admit accounts of type ${type} (${leg.accountAlias}).`,
          { fields: { [field]: 'account type not admitted' } },
        );
      }
    }
    return route;
  });
}

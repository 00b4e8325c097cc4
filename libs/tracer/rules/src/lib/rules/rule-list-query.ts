import { DomainError, type ErrorDefinition } from '@finplat/platform';
import { validate as isUuid } from 'uuid';
import { TracerErrors } from '../common/tracer.errors';
import type { ListRulesQueryDto } from './dto/list-rules-query.dto';
import type { RuleStatus } from './rule-status';
import {
  RULE_ACTIONS,
  TRANSACTION_TYPES,
  type RuleAction,
  type RuleEntity,
  type RuleScope,
  type TransactionType,
} from './rule.entity';

export const RULE_SORT_COLUMNS = ['created_at', 'updated_at', 'name', 'status'] as const;
export type RuleSortColumn = (typeof RULE_SORT_COLUMNS)[number];
export type SortOrder = 'ASC' | 'DESC';

export const DEFAULT_RULE_PAGE_LIMIT = 10;
export const MAX_RULE_PAGE_LIMIT = 100;
const LISTABLE_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE'] as const;
const NAME_FILTER_MAX = 255;
const SUB_TYPE_MAX = 50;

/** Where a page starts: strictly after (sortBy value, id) in the page's order. */
export interface RuleCursor {
  sortBy: RuleSortColumn;
  sortOrder: SortOrder;
  /** The sort column's value of the last rule of the previous page (ISO for timestamps). */
  value: string;
  id: string;
}

export interface RuleListFilter {
  name?: string;
  status?: Exclude<RuleStatus, 'DELETED'>;
  action?: RuleAction;
  /** Rules having one scope that holds every one of these values. */
  scope?: RuleScope;
  limit: number;
  sortBy: RuleSortColumn;
  sortOrder: SortOrder;
  after?: RuleCursor;
}

const fail = (definition: ErrorDefinition, parameter: string, message: string): never => {
  throw new DomainError(definition, message, { fields: { [parameter]: message } });
};

const invalid = (parameter: string, message: string): never =>
  fail(TracerErrors.INVALID_QUERY_PARAMETER, parameter, message);

function oneOf<T extends string>(
  parameter: string,
  value: string,
  allowed: readonly T[],
  normalize: (v: string) => string = (v) => v.toUpperCase(),
): T {
  const normalized = normalize(value);
  if ((allowed as readonly string[]).includes(normalized)) return normalized as T;
  return invalid(parameter, `${parameter} must be one of ${allowed.join(', ')}.`);
}

function uuidParam(parameter: string, value: string): string {
  if (!isUuid(value)) invalid(parameter, `${parameter} must be a UUID.`);
  return value.toLowerCase();
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_RULE_PAGE_LIMIT;
  if (!/^-?\d+$/.test(raw)) return invalid('limit', 'limit must be an integer.');
  const limit = Number(raw);
  if (limit < 1) {
    fail(TracerErrors.LIMIT_BELOW_MINIMUM, 'limit', 'limit must be at least 1.');
  }
  if (limit > MAX_RULE_PAGE_LIMIT) {
    fail(
      TracerErrors.LIMIT_ABOVE_MAXIMUM,
      'limit',
      `limit must be at most ${MAX_RULE_PAGE_LIMIT}.`,
    );
  }
  return limit;
}

const TIMESTAMP_COLUMNS: readonly RuleSortColumn[] = ['created_at', 'updated_at'];

export function encodeCursor(cursor: RuleCursor): string {
  const { sortBy: s, sortOrder: o, value: v, id } = cursor;
  return Buffer.from(JSON.stringify({ s, o, v, id }), 'utf8').toString('base64url');
}

/** Reads a cursor this API issued; anything else is 400 TRC-0044. */
export function decodeCursor(raw: string): RuleCursor {
  const bad = (): never =>
    fail(TracerErrors.INVALID_CURSOR, 'cursor', 'cursor is not a cursor issued by this API.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return bad();
  }
  if (typeof parsed !== 'object' || parsed === null) return bad();
  const { s, o, v, id } = parsed as Record<string, unknown>;
  if (
    typeof s !== 'string' ||
    !(RULE_SORT_COLUMNS as readonly string[]).includes(s) ||
    (o !== 'ASC' && o !== 'DESC') ||
    typeof v !== 'string' ||
    typeof id !== 'string' ||
    !isUuid(id)
  ) {
    return bad();
  }
  const sortBy = s as RuleSortColumn;
  if (TIMESTAMP_COLUMNS.includes(sortBy) && Number.isNaN(Date.parse(v))) return bad();
  return { sortBy, sortOrder: o, value: v, id: id.toLowerCase() };
}

/** The cursor of the page that follows `last` in this list's order. */
export function cursorAfter(last: RuleEntity, filter: RuleListFilter): RuleCursor {
  const values: Record<RuleSortColumn, string> = {
    created_at: last.createdAt.toISOString(),
    updated_at: last.updatedAt.toISOString(),
    name: last.name,
    status: last.status,
  };
  return {
    sortBy: filter.sortBy,
    sortOrder: filter.sortOrder,
    value: values[filter.sortBy],
    id: last.id,
  };
}

/** Treats `?x=` like an absent parameter. */
const present = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/**
 * Checks and normalizes `GET /v1/rules` parameters. Sorting defaults to created_at DESC;
 * a cursor carries its sort, and sort parameters sent along with it must agree (TRC-0045).
 */
export function parseListRulesQuery(query: ListRulesQueryDto): RuleListFilter {
  const filter: RuleListFilter = {
    limit: parseLimit(present(query.limit)),
    sortBy: 'created_at',
    sortOrder: 'DESC',
  };

  const name = present(query.name);
  if (name !== undefined) {
    if (name.length > NAME_FILTER_MAX) {
      invalid('name', `name must be at most ${NAME_FILTER_MAX} characters.`);
    }
    filter.name = name;
  }
  const status = present(query.status);
  if (status !== undefined) filter.status = oneOf('status', status, LISTABLE_STATUSES);
  const action = present(query.action);
  if (action !== undefined) filter.action = oneOf('action', action, RULE_ACTIONS);

  const scope: RuleScope = {};
  const ids = [
    ['account_id', 'accountId'],
    ['segment_id', 'segmentId'],
    ['portfolio_id', 'portfolioId'],
    ['merchant_id', 'merchantId'],
  ] as const;
  for (const [parameter, field] of ids) {
    const value = present(query[parameter]);
    if (value !== undefined) scope[field] = uuidParam(parameter, value);
  }
  const transactionType = present(query.transaction_type);
  if (transactionType !== undefined) {
    scope.transactionType = oneOf<TransactionType>(
      'transaction_type',
      transactionType,
      TRANSACTION_TYPES,
    );
  }
  const subType = present(query.sub_type);
  if (subType !== undefined) {
    if (subType.length > SUB_TYPE_MAX) {
      invalid('sub_type', `sub_type must be at most ${SUB_TYPE_MAX} characters.`);
    }
    scope.subType = subType.toLowerCase();
  }
  if (Object.keys(scope).length > 0) filter.scope = scope;

  const sortBy = present(query.sort_by);
  if (sortBy !== undefined) {
    const column = sortBy.toLowerCase();
    if (!(RULE_SORT_COLUMNS as readonly string[]).includes(column)) {
      fail(
        TracerErrors.INVALID_SORT_COLUMN,
        'sort_by',
        `sort_by must be one of ${RULE_SORT_COLUMNS.join(', ')}.`,
      );
    }
    filter.sortBy = column as RuleSortColumn;
  }
  const sortOrder = present(query.sort_order);
  if (sortOrder !== undefined) {
    const order = sortOrder.toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') {
      fail(TracerErrors.INVALID_SORT_ORDER, 'sort_order', 'sort_order must be ASC or DESC.');
    }
    filter.sortOrder = order as SortOrder;
  }

  const cursor = present(query.cursor);
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    if (
      (sortBy !== undefined && filter.sortBy !== after.sortBy) ||
      (sortOrder !== undefined && filter.sortOrder !== after.sortOrder)
    ) {
      fail(
        TracerErrors.CURSOR_SORT_MISMATCH,
        'cursor',
        `cursor was issued for sort_by=${after.sortBy} sort_order=${after.sortOrder}; ` +
          'send the same sort parameters or none.',
      );
    }
    filter.sortBy = after.sortBy;
    filter.sortOrder = after.sortOrder;
    filter.after = after;
  }
  return filter;
}

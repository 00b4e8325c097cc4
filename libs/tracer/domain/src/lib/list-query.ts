import { DomainError, type ErrorDefinition } from '@finplat/platform';
import { validate as isUuid } from 'uuid';
import { TRANSACTION_TYPES, type Scope, type TransactionType } from './scope';
import { TracerErrors } from './tracer.errors';

export type SortOrder = 'ASC' | 'DESC';

export const DEFAULT_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 100;
const SUB_TYPE_MAX = 50;

/** Where a page starts: strictly after (sortBy value, id) in the page's order. */
export interface ListCursor<C extends string> {
  sortBy: C;
  sortOrder: SortOrder;
  /** The sort column's value of the last item of the previous page (ISO for timestamps). */
  value: string;
  id: string;
}

/** The paging part of every Tracer list: page size, order, and where the page starts. */
export interface ListPaging<C extends string> {
  limit: number;
  sortBy: C;
  sortOrder: SortOrder;
  after?: ListCursor<C>;
}

/** The paging parameters every Tracer list takes, as strings. */
export interface PagingQuery {
  limit?: string;
  cursor?: string;
  sort_by?: string;
  sort_order?: string;
}

export const failParameter = (
  definition: ErrorDefinition,
  parameter: string,
  message: string,
): never => {
  throw new DomainError(definition, message, { fields: { [parameter]: message } });
};

/** 400 TRC-0006 naming the query parameter. */
export const invalidParameter = (parameter: string, message: string): never =>
  failParameter(TracerErrors.INVALID_QUERY_PARAMETER, parameter, message);

/** Treats `?x=` like an absent parameter. */
export const present = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

export function oneOf<T extends string>(
  parameter: string,
  value: string,
  allowed: readonly T[],
  normalize: (v: string) => string = (v) => v.toUpperCase(),
): T {
  const normalized = normalize(value);
  if ((allowed as readonly string[]).includes(normalized)) return normalized as T;
  return invalidParameter(parameter, `${parameter} must be one of ${allowed.join(', ')}.`);
}

export function uuidParameter(parameter: string, value: string): string {
  if (!isUuid(value)) invalidParameter(parameter, `${parameter} must be a UUID.`);
  return value.toLowerCase();
}

/** An RFC 3339 date-time with a time zone (`Z` or an offset), as the reference demands. */
export function dateTimeParameter(parameter: string, value: string): Date {
  const millis = Date.parse(value);
  if (
    !/(Z|[+-]\d{2}:\d{2})$/i.test(value) ||
    !/^\d{4}-\d{2}-\d{2}T/.test(value) ||
    Number.isNaN(millis)
  ) {
    invalidParameter(parameter, `${parameter} must be an RFC 3339 date-time with a time zone.`);
  }
  return new Date(millis);
}

/** Page sizes of one list: the default and the most a client may ask for. */
export interface PageSizes {
  default: number;
  max: number;
}

const STANDARD_PAGE: PageSizes = { default: DEFAULT_PAGE_LIMIT, max: MAX_PAGE_LIMIT };

function parseLimit(raw: string | undefined, sizes: PageSizes): number {
  if (raw === undefined) return sizes.default;
  if (!/^-?\d+$/.test(raw)) return invalidParameter('limit', 'limit must be an integer.');
  const limit = Number(raw);
  if (limit < 1) {
    failParameter(TracerErrors.LIMIT_BELOW_MINIMUM, 'limit', 'limit must be at least 1.');
  }
  if (limit > sizes.max) {
    failParameter(TracerErrors.LIMIT_ABOVE_MAXIMUM, 'limit', `limit must be at most ${sizes.max}.`);
  }
  return limit;
}

/**
 * Opaque cursors of one list: base64url JSON of the sort it was issued for, the sort value
 * and the id of the last item. A cursor this API did not issue is 400 TRC-0044.
 */
export class CursorCodec<C extends string> {
  constructor(
    readonly columns: readonly C[],
    private readonly timestampColumns: readonly C[],
    private readonly isId: (id: string) => boolean = isUuid,
  ) {}

  encode(cursor: ListCursor<C>): string {
    const { sortBy: s, sortOrder: o, value: v, id } = cursor;
    return Buffer.from(JSON.stringify({ s, o, v, id }), 'utf8').toString('base64url');
  }

  decode(raw: string): ListCursor<C> {
    const bad = (): never =>
      failParameter(
        TracerErrors.INVALID_CURSOR,
        'cursor',
        'cursor is not a cursor issued by this API.',
      );
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
      !(this.columns as readonly string[]).includes(s) ||
      (o !== 'ASC' && o !== 'DESC') ||
      typeof v !== 'string' ||
      typeof id !== 'string' ||
      !this.isId(id)
    ) {
      return bad();
    }
    const sortBy = s as C;
    if (this.timestampColumns.includes(sortBy) && Number.isNaN(Date.parse(v))) return bad();
    return { sortBy, sortOrder: o, value: v, id: id.toLowerCase() };
  }
}

/**
 * Checks the paging parameters. Sorting defaults to `defaultSort` DESC; a cursor carries its
 * sort, and sort parameters sent along with it must agree (TRC-0045).
 */
export function parsePaging<C extends string>(
  query: PagingQuery,
  codec: CursorCodec<C>,
  defaultSort: C,
  sizes: PageSizes = STANDARD_PAGE,
): ListPaging<C> {
  const paging: ListPaging<C> = {
    limit: parseLimit(present(query.limit), sizes),
    sortBy: defaultSort,
    sortOrder: 'DESC',
  };
  const sortBy = present(query.sort_by);
  if (sortBy !== undefined) {
    const column = sortBy.toLowerCase();
    if (!(codec.columns as readonly string[]).includes(column)) {
      failParameter(
        TracerErrors.INVALID_SORT_COLUMN,
        'sort_by',
        `sort_by must be one of ${codec.columns.join(', ')}.`,
      );
    }
    paging.sortBy = column as C;
  }
  const sortOrder = present(query.sort_order);
  if (sortOrder !== undefined) {
    const order = sortOrder.toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') {
      failParameter(
        TracerErrors.INVALID_SORT_ORDER,
        'sort_order',
        'sort_order must be ASC or DESC.',
      );
    }
    paging.sortOrder = order as SortOrder;
  }
  const cursor = present(query.cursor);
  if (cursor !== undefined) {
    const after = codec.decode(cursor);
    if (
      (sortBy !== undefined && paging.sortBy !== after.sortBy) ||
      (sortOrder !== undefined && paging.sortOrder !== after.sortOrder)
    ) {
      failParameter(
        TracerErrors.CURSOR_SORT_MISMATCH,
        'cursor',
        `cursor was issued for sort_by=${after.sortBy} sort_order=${after.sortOrder}; ` +
          'send the same sort parameters or none.',
      );
    }
    paging.sortBy = after.sortBy;
    paging.sortOrder = after.sortOrder;
    paging.after = after;
  }
  return paging;
}

/** The scope filter parameters of rule and limit lists. */
export interface ScopeFilterQuery {
  account_id?: string;
  segment_id?: string;
  portfolio_id?: string;
  merchant_id?: string;
  transaction_type?: string;
  sub_type?: string;
}

/** Items having one scope that holds every one of these values; undefined when none sent. */
export function parseScopeFilter(query: ScopeFilterQuery): Scope | undefined {
  const scope: Scope = {};
  const ids = [
    ['account_id', 'accountId'],
    ['segment_id', 'segmentId'],
    ['portfolio_id', 'portfolioId'],
    ['merchant_id', 'merchantId'],
  ] as const;
  for (const [parameter, field] of ids) {
    const value = present(query[parameter]);
    if (value !== undefined) scope[field] = uuidParameter(parameter, value);
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
      invalidParameter('sub_type', `sub_type must be at most ${SUB_TYPE_MAX} characters.`);
    }
    scope.subType = subType.toLowerCase();
  }
  return Object.keys(scope).length > 0 ? scope : undefined;
}

/** One page out of `limit + 1` rows, with the cursor of the next page when there is one. */
export function toPage<T, C extends string>(
  rows: T[],
  paging: ListPaging<C>,
  codec: CursorCodec<C>,
  cursorOf: (last: T) => ListCursor<C>,
): { items: T[]; hasMore: boolean; nextCursor?: string } {
  const items = rows.slice(0, paging.limit);
  const hasMore = rows.length > paging.limit;
  const last = items[items.length - 1];
  return {
    items,
    hasMore,
    ...(hasMore && last !== undefined ? { nextCursor: codec.encode(cursorOf(last)) } : {}),
  };
}

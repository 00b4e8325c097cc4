import {
  CursorCodec,
  invalidParameter,
  oneOf,
  parsePaging,
  parseScopeFilter,
  present,
  type LifecycleStatus,
  type ListPaging,
  type Scope,
} from '@finplat/tracer-domain';
import type { ListLimitsQueryDto } from './dto/list-limits-query.dto';
import { LIMIT_TYPES, type LimitType } from './limit-periods';
import type { Limit } from './limit.entity';

export const LIMIT_SORT_COLUMNS = ['created_at', 'updated_at', 'name', 'max_amount'] as const;
export type LimitSortColumn = (typeof LIMIT_SORT_COLUMNS)[number];
export const LIMIT_CURSORS = new CursorCodec<LimitSortColumn>(LIMIT_SORT_COLUMNS, [
  'created_at',
  'updated_at',
]);

export interface LimitListFilter extends ListPaging<LimitSortColumn> {
  name?: string;
  status?: Exclude<LifecycleStatus, 'DELETED'>;
  limitType?: LimitType;
  scope?: Scope;
}

export function parseListLimitsQuery(query: ListLimitsQueryDto): LimitListFilter {
  const filter: LimitListFilter = parsePaging(query, LIMIT_CURSORS, 'created_at');
  const name = present(query.name);
  if (name !== undefined) {
    if (name.length > 255) invalidParameter('name', 'name must be at most 255 characters.');
    filter.name = name;
  }
  const status = present(query.status);
  if (status) filter.status = oneOf('status', status, ['DRAFT', 'ACTIVE', 'INACTIVE'] as const);
  const limitType = present(query.limit_type);
  if (limitType) filter.limitType = oneOf('limit_type', limitType, LIMIT_TYPES);
  const scope = parseScopeFilter(query);
  if (scope) filter.scope = scope;
  return filter;
}

export function limitCursorAfter(last: Limit, filter: ListPaging<LimitSortColumn>) {
  const values: Record<LimitSortColumn, string> = {
    created_at: last.createdAt.toISOString(),
    updated_at: last.updatedAt.toISOString(),
    name: last.name,
    max_amount: last.maxAmount,
  };
  return {
    sortBy: filter.sortBy,
    sortOrder: filter.sortOrder,
    value: values[filter.sortBy],
    id: last.id,
  };
}

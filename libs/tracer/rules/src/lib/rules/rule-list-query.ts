import {
  CursorCodec,
  invalidParameter,
  oneOf,
  parsePaging,
  parseScopeFilter,
  present,
  type LifecycleStatus,
  type ListCursor,
  type ListPaging,
  type Scope,
} from '@finplat/tracer-domain';
import type { ListRulesQueryDto } from './dto/list-rules-query.dto';
import { RULE_ACTIONS, type RuleAction, type RuleEntity } from './rule.entity';

export const RULE_SORT_COLUMNS = ['created_at', 'updated_at', 'name', 'status'] as const;
export type RuleSortColumn = (typeof RULE_SORT_COLUMNS)[number];
export type RuleCursor = ListCursor<RuleSortColumn>;

const LISTABLE_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE'] as const;
const NAME_FILTER_MAX = 255;

export const RULE_CURSORS = new CursorCodec<RuleSortColumn>(RULE_SORT_COLUMNS, [
  'created_at',
  'updated_at',
]);

export interface RuleListFilter extends ListPaging<RuleSortColumn> {
  name?: string;
  status?: Exclude<LifecycleStatus, 'DELETED'>;
  action?: RuleAction;
  /** Rules having one scope that holds every one of these values. */
  scope?: Scope;
}

export const encodeCursor = (cursor: RuleCursor): string => RULE_CURSORS.encode(cursor);

/** Reads a cursor this API issued; anything else is 400 TRC-0044. */
export const decodeCursor = (raw: string): RuleCursor => RULE_CURSORS.decode(raw);

/** The cursor of the page that follows `last` in this list's order. */
export function cursorAfter(last: RuleEntity, filter: ListPaging<RuleSortColumn>): RuleCursor {
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

/**
 * Checks and normalizes `GET /v1/rules` parameters. Sorting defaults to created_at DESC;
 * a cursor carries its sort, and sort parameters sent along with it must agree (TRC-0045).
 */
export function parseListRulesQuery(query: ListRulesQueryDto): RuleListFilter {
  const filter: RuleListFilter = parsePaging(query, RULE_CURSORS, 'created_at');
  const name = present(query.name);
  if (name !== undefined) {
    if (name.length > NAME_FILTER_MAX) {
      invalidParameter('name', `name must be at most ${NAME_FILTER_MAX} characters.`);
    }
    filter.name = name;
  }
  const status = present(query.status);
  if (status !== undefined) filter.status = oneOf('status', status, LISTABLE_STATUSES);
  const action = present(query.action);
  if (action !== undefined) filter.action = oneOf('action', action, RULE_ACTIONS);
  const scope = parseScopeFilter(query);
  if (scope) filter.scope = scope;
  return filter;
}

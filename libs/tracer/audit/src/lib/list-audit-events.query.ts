import {
  CursorCodec,
  DateRangeQueryDto,
  HISTORY_PAGE,
  parseDateRange,
  QueryParameter,
  type DateRange,
  oneOf,
  parsePaging,
  present,
  TRANSACTION_TYPES,
  uuidParameter,
  type ListPaging,
} from '@finplat/tracer-domain';
import {
  AUDIT_ACTIONS,
  AUDIT_EVENT_TYPES,
  AUDIT_RESOURCE_TYPES,
  AUDIT_RESULTS,
} from './audit-trail';

/** `GET /v1/audit-events` parameters, as strings (checked by parseAuditEventsQuery). */
export class ListAuditEventsQueryDto extends DateRangeQueryDto {
  @QueryParameter() event_type?: string;
  @QueryParameter() action?: string;
  @QueryParameter() result?: string;
  @QueryParameter() resource_type?: string;
  @QueryParameter() resource_id?: string;
  @QueryParameter() actor_type?: string;
  @QueryParameter() actor_id?: string;
  @QueryParameter() account_id?: string;
  @QueryParameter() segment_id?: string;
  @QueryParameter() portfolio_id?: string;
  @QueryParameter() transaction_type?: string;
  @QueryParameter() matched_rule_id?: string;
  @QueryParameter() limit?: string;
  @QueryParameter() cursor?: string;
  @QueryParameter() sort_by?: string;
  @QueryParameter() sort_order?: string;
}

export const AUDIT_SORT_COLUMNS = ['created_at', 'event_type'] as const;
export type AuditSortColumn = (typeof AUDIT_SORT_COLUMNS)[number];
export const AUDIT_CURSORS = new CursorCodec<AuditSortColumn>(
  AUDIT_SORT_COLUMNS,
  ['created_at'],
  // Events page by their position in the chain.
  (id) => /^[1-9][0-9]{0,18}$/.test(id),
);

export interface AuditEventsFilter extends DateRange, ListPaging<AuditSortColumn> {
  eventType?: string;
  action?: string;
  result?: string;
  resourceType?: string;
  resourceId?: string;
  actorType?: string;
  actorId?: string;
  accountId?: string;
  segmentId?: string;
  portfolioId?: string;
  transactionType?: string;
  matchedRuleId?: string;
}

export function parseAuditEventsQuery(query: ListAuditEventsQueryDto): AuditEventsFilter {
  const filter: AuditEventsFilter = {
    ...parsePaging(query, AUDIT_CURSORS, 'created_at', HISTORY_PAGE),
    ...parseDateRange(query),
  };
  const eventType = present(query.event_type);
  if (eventType) filter.eventType = oneOf('event_type', eventType, AUDIT_EVENT_TYPES);
  const action = present(query.action);
  if (action) filter.action = oneOf('action', action, AUDIT_ACTIONS);
  const result = present(query.result);
  if (result) filter.result = oneOf('result', result, AUDIT_RESULTS);
  const resourceType = present(query.resource_type);
  if (resourceType) {
    filter.resourceType = oneOf('resource_type', resourceType, AUDIT_RESOURCE_TYPES, (v) =>
      v.toLowerCase(),
    );
  }
  const resourceId = present(query.resource_id);
  if (resourceId) filter.resourceId = resourceId.toLowerCase();
  const actorType = present(query.actor_type);
  if (actorType) {
    filter.actorType = oneOf('actor_type', actorType, ['user', 'system', 'api_key'], (v) =>
      v.toLowerCase(),
    );
  }
  const actorId = present(query.actor_id);
  if (actorId) filter.actorId = actorId;
  for (const [parameter, field] of [
    ['account_id', 'accountId'],
    ['segment_id', 'segmentId'],
    ['portfolio_id', 'portfolioId'],
    ['matched_rule_id', 'matchedRuleId'],
  ] as const) {
    const value = present(query[parameter]);
    if (value) filter[field] = uuidParameter(parameter, value);
  }
  const transactionType = present(query.transaction_type);
  if (transactionType) {
    filter.transactionType = oneOf('transaction_type', transactionType, TRANSACTION_TYPES);
  }
  return filter;
}

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
import type { Decision } from './rule-evaluation';

/** `GET /v1/validations` parameters, as strings. */
export class ListValidationsQueryDto extends DateRangeQueryDto {
  @QueryParameter() decision?: string;
  @QueryParameter() account_id?: string;
  @QueryParameter() segment_id?: string;
  @QueryParameter() portfolio_id?: string;
  @QueryParameter() transaction_type?: string;
  @QueryParameter() matched_rule_id?: string;
  @QueryParameter() exceeded_limit_id?: string;
  @QueryParameter() limit?: string;
  @QueryParameter() cursor?: string;
  @QueryParameter() sort_by?: string;
  @QueryParameter() sort_order?: string;
}

export const VALIDATION_SORT_COLUMNS = ['created_at', 'processing_time_ms'] as const;
export type ValidationSortColumn = (typeof VALIDATION_SORT_COLUMNS)[number];
export const VALIDATION_CURSORS = new CursorCodec<ValidationSortColumn>(VALIDATION_SORT_COLUMNS, [
  'created_at',
]);

export interface ValidationListFilter extends DateRange, ListPaging<ValidationSortColumn> {
  decision?: Decision;
  accountId?: string;
  segmentId?: string;
  portfolioId?: string;
  transactionType?: string;
  matchedRuleId?: string;
  exceededLimitId?: string;
}

export function parseListValidationsQuery(query: ListValidationsQueryDto): ValidationListFilter {
  const filter: ValidationListFilter = {
    ...parsePaging(query, VALIDATION_CURSORS, 'created_at', HISTORY_PAGE),
    ...parseDateRange(query),
  };
  const decision = present(query.decision);
  if (decision) filter.decision = oneOf('decision', decision, ['ALLOW', 'DENY', 'REVIEW'] as const);
  for (const [parameter, field] of [
    ['account_id', 'accountId'],
    ['segment_id', 'segmentId'],
    ['portfolio_id', 'portfolioId'],
    ['matched_rule_id', 'matchedRuleId'],
    ['exceeded_limit_id', 'exceededLimitId'],
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

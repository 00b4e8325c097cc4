import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import {
  CursorCodec,
  dateTimeParameter,
  invalidParameter,
  oneOf,
  parsePaging,
  present,
  TRANSACTION_TYPES,
  uuidParameter,
  type ListPaging,
} from '@finplat/tracer-domain';
import type { Decision } from './rule-evaluation';

const optional = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsString()(target, key);
  ApiPropertyOptional({ type: 'string' })(target, key);
};

/** `GET /v1/validations` parameters, as strings. */
export class ListValidationsQueryDto {
  @optional() start_date?: string;
  @optional() end_date?: string;
  @optional() decision?: string;
  @optional() account_id?: string;
  @optional() segment_id?: string;
  @optional() portfolio_id?: string;
  @optional() transaction_type?: string;
  @optional() matched_rule_id?: string;
  @optional() exceeded_limit_id?: string;
  @optional() limit?: string;
  @optional() cursor?: string;
  @optional() sort_by?: string;
  @optional() sort_order?: string;
}

export const VALIDATION_SORT_COLUMNS = ['created_at', 'processing_time_ms'] as const;
export type ValidationSortColumn = (typeof VALIDATION_SORT_COLUMNS)[number];
export const VALIDATION_CURSORS = new CursorCodec<ValidationSortColumn>(VALIDATION_SORT_COLUMNS, [
  'created_at',
]);

export interface ValidationListFilter extends ListPaging<ValidationSortColumn> {
  startDate?: Date;
  endDate?: Date;
  decision?: Decision;
  accountId?: string;
  segmentId?: string;
  portfolioId?: string;
  transactionType?: string;
  matchedRuleId?: string;
  exceededLimitId?: string;
}

export function parseListValidationsQuery(query: ListValidationsQueryDto): ValidationListFilter {
  const filter: ValidationListFilter = parsePaging(query, VALIDATION_CURSORS, 'created_at', {
    default: 100,
    max: 1000,
  });
  const start = present(query.start_date);
  if (start) filter.startDate = dateTimeParameter('start_date', start);
  const end = present(query.end_date);
  if (end) filter.endDate = dateTimeParameter('end_date', end);
  if (filter.startDate && filter.endDate && filter.startDate > filter.endDate) {
    invalidParameter('end_date', 'end_date must not be before start_date.');
  }
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

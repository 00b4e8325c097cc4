import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { dateTimeParameter, invalidParameter, present, type PageSizes } from './list-query';

/**
 * An optional query parameter kept as a string: the list's parser checks it, so that every
 * malformed value answers the reference's codes rather than a generic validation error.
 */
export const QueryParameter = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsString()(target, key);
  ApiPropertyOptional({ type: 'string' })(target, key);
};

/** Page sizes of the history lists (validations, audit events): long pages, for exports. */
export const HISTORY_PAGE: PageSizes = { default: 100, max: 1000 };

/** The creation-time window every history list takes (`start_date`, `end_date`). */
export class DateRangeQueryDto {
  @QueryParameter() start_date?: string;
  @QueryParameter() end_date?: string;
}

/** Records created within [startDate, endDate], both ends inclusive and optional. */
export interface DateRange {
  startDate?: Date;
  endDate?: Date;
}

/**
 * Checks `start_date` and `end_date` (RFC 3339 with a time zone, an empty value is absent) and
 * that the window is not inverted; 400 TRC-0006 naming the parameter otherwise.
 */
export function parseDateRange(query: DateRangeQueryDto): DateRange {
  const range: DateRange = {};
  const start = present(query.start_date);
  if (start) range.startDate = dateTimeParameter('start_date', start);
  const end = present(query.end_date);
  if (end) range.endDate = dateTimeParameter('end_date', end);
  if (range.startDate && range.endDate && range.startDate > range.endDate) {
    invalidParameter('end_date', 'end_date must not be before start_date.');
  }
  return range;
}

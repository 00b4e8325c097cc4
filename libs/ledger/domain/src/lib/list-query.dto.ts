import { ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, PageQueryDto } from '@finplat/platform';
import { IsOptional, IsString } from 'class-validator';
import { LedgerErrors } from './ledger.errors';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Page, limit, sort order and the creation-date window of every page-numbered ledger list. */
export class ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'yyyy-mm-dd or yyyy-mm-dd hh:mm:ss; with end_date' })
  @IsOptional()
  @IsString()
  start_date?: string;

  @ApiPropertyOptional({ description: 'yyyy-mm-dd or yyyy-mm-dd hh:mm:ss; with start_date' })
  @IsOptional()
  @IsString()
  end_date?: string;
}

export interface DateWindow {
  from: Date;
  to: Date;
}

function parseBoundary(value: string, field: string, endOfDay: boolean): Date {
  const valid = DATE_ONLY.test(value) || DATE_TIME.test(value);
  const iso = DATE_ONLY.test(value)
    ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`
    : `${value.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  if (!valid || Number.isNaN(date.getTime())) {
    throw new DomainError(
      LedgerErrors.INVALID_DATE_FORMAT,
      `${field} must be yyyy-mm-dd or yyyy-mm-dd hh:mm:ss.`,
      { fields: { [field]: 'invalid date' } },
    );
  }
  return date;
}

/** Midaz's rules: both dates or neither, well formed, start not after end. */
export function dateWindowOf(query: {
  start_date?: string;
  end_date?: string;
}): DateWindow | undefined {
  const { start_date: start, end_date: end } = query;
  if (!start && !end) return undefined;
  if (!start || !end) {
    throw new DomainError(
      LedgerErrors.DATES_NOT_PAIRED,
      'start_date and end_date must be sent together.',
      { fields: { [start ? 'end_date' : 'start_date']: 'required with the other date' } },
    );
  }
  const window = {
    from: parseBoundary(start, 'start_date', false),
    to: parseBoundary(end, 'end_date', true),
  };
  if (window.from > window.to) {
    throw new DomainError(
      LedgerErrors.INVALID_DATE_RANGE,
      'start_date must not be after end_date.',
      {
        fields: { start_date: 'after end_date' },
      },
    );
  }
  return window;
}

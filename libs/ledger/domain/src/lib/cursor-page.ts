import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DomainError, MAX_PAGE_LIMIT, PlatformErrors } from '@finplat/platform';
import { validate as isUuid } from 'uuid';

/** `?limit=&cursor=&sort_order=&start_date=&end_date=` for lists that grow without bound. */
export class CursorQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 10;

  @ApiPropertyOptional({ description: 'next_cursor or prev_cursor of a previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order: 'asc' | 'desc' = 'asc';

  @ApiPropertyOptional({ description: 'yyyy-mm-dd or yyyy-mm-dd hh:mm:ss; with end_date' })
  @IsOptional()
  @IsString()
  start_date?: string;

  @ApiPropertyOptional({ description: 'yyyy-mm-dd or yyyy-mm-dd hh:mm:ss; with start_date' })
  @IsOptional()
  @IsString()
  end_date?: string;
}

/** A cursor page; a cursor with nowhere to go is left out, as Midaz does (never `null`). */
export interface CursorPage<T> {
  items: T[];
  limit: number;
  next_cursor?: string;
  prev_cursor?: string;
}

interface Cursor {
  id: string;
  direction: 'next' | 'prev';
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Midaz's cursor: base64 JSON `{id, direction}`; the legacy `{id, points_next}` is read too. */
export function decodeCursor(text: string): Cursor {
  const invalid = () =>
    new DomainError(
      PlatformErrors.INVALID_QUERY_PARAMETER,
      'cursor is not a cursor this API issued.',
      {
        fields: { cursor: 'invalid cursor' },
      },
    );
  let parsed: { id?: unknown; direction?: unknown; points_next?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  // `null`, a number or a string decode fine as JSON but are no cursor.
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const direction =
    parsed.direction === 'next' || parsed.direction === 'prev'
      ? parsed.direction
      : typeof parsed.points_next === 'boolean'
        ? parsed.points_next
          ? 'next'
          : 'prev'
        : undefined;
  if (typeof parsed.id !== 'string' || !isUuid(parsed.id) || !direction) throw invalid();
  return { id: parsed.id, direction };
}

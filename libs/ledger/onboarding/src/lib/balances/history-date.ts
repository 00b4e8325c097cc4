import { DomainError } from '@finplat/platform';
import { LedgerErrors } from '@finplat/ledger-domain';

/** The instant a point-in-time query asks about. */
export interface HistoryInstant {
  /** For the future check and messages (millisecond precision). */
  instant: Date;
  /** The same instant as text PostgreSQL reads as `timestamptz`, down to the microsecond. */
  sql: string;
}

/** `yyyy-mm-dd hh:mm:ss`, read as UTC (Midaz's documented form). */
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** RFC 3339 `date-time`: a `T`, optional fraction, and a zone (`Z` or `±hh:mm`). */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const FORMAT = 'yyyy-mm-dd hh:mm:ss or RFC 3339 (2024-01-15T10:30:00Z)';

const invalidFormat = (value: string) =>
  new DomainError(
    LedgerErrors.INVALID_DATE_FORMAT,
    `The date ${value} is not valid; use ${FORMAT}.`,
    { entityType: 'Balance', fields: { date: `expected ${FORMAT}` } },
  );

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysIn = (year: number, month: number): number =>
  month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];

function utcInstant(parts: number[], offsetMinutes: number): Date {
  const [year, month, day, hour, minute, second, millis] = parts;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

/**
 * The `date` of `…/balances/history`: required (0142), `yyyy-mm-dd hh:mm:ss` (UTC) or RFC 3339
 * with a zone, a real calendar instant (0131 otherwise; a date without a time is refused as in
 * Midaz), and not in the future (0140). All three are 400 naming `date`.
 */
export function parseHistoryDate(
  value: string | undefined,
  now: Date = new Date(),
): HistoryInstant {
  if (value === undefined || value === '') {
    throw new DomainError(
      LedgerErrors.MISSING_QUERY_PARAMETER,
      "The required query parameter 'date' is missing from the request.",
      { entityType: 'Balance', fields: { date: 'required' } },
    );
  }
  const spaced = SPACED.exec(value);
  const rfc = spaced ? null : RFC3339.exec(value);
  const match = spaced ?? rfc;
  if (!match) throw invalidFormat(value);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  let offsetMinutes = 0;
  if (rfc && rfc[9]) {
    const offsetHours = Number(rfc[10]);
    const offsetMins = Number(rfc[11]);
    if (offsetHours > 23 || offsetMins > 59) throw invalidFormat(value);
    offsetMinutes = (rfc[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw invalidFormat(value);
  }
  const millis = rfc && rfc[7] ? Number(rfc[7].padEnd(3, '0').slice(0, 3)) : 0;
  const instant = utcInstant([year, month, day, hour, minute, second, millis], offsetMinutes);
  if (instant.getTime() > now.getTime()) {
    throw new DomainError(
      LedgerErrors.INVALID_TIMESTAMP,
      `The provided timestamp '${value}' is invalid. Timestamps cannot be in the future.`,
      { entityType: 'Balance', fields: { date: 'must not be in the future' } },
    );
  }
  // PostgreSQL keeps microseconds and would round a longer fraction up; cut it instead.
  return { instant, sql: spaced ? `${value}+00:00` : value.replace(/\.(\d{6})\d+/, '.$1') };
}

import { TemplateRenderError, describe } from './values';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A Date from a Date, an ISO-8601 string or epoch milliseconds; undefined otherwise. */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  return undefined;
}

export function requireDate(value: unknown, what: string): Date {
  const date = toDate(value);
  if (!date) throw new TemplateRenderError(`${what} is not a date: ${describe(value)}`);
  return date;
}

/**
 * Formats a date in UTC. Two spellings are understood: Go's reference layout, as Pongo2's
 * `date` filter takes it (`"02/01/2006 15:04"`), and the pattern letters of Reporter's
 * `date_time` tag (`"dd/MM/YYYY HH:mm"`: YYYY, yyyy, YY, MM, dd, DD, HH, mm, ss).
 */
export function formatDate(date: Date, layout: string): string {
  return /2006|Jan|Mon|15|04|05/.test(layout)
    ? formatGo(date, layout)
    : formatPattern(date, layout);
}

function formatPattern(date: Date, layout: string): string {
  const parts: Record<string, string> = {
    YYYY: String(date.getUTCFullYear()),
    yyyy: String(date.getUTCFullYear()),
    YY: pad(date.getUTCFullYear() % 100),
    yy: pad(date.getUTCFullYear() % 100),
    MM: pad(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
  };
  return layout.replace(/YYYY|yyyy|YY|yy|MM|dd|DD|HH|mm|ss/g, (token) => parts[token]);
}

function formatGo(date: Date, layout: string): string {
  const parts: Record<string, string> = {
    '2006': String(date.getUTCFullYear()),
    '06': pad(date.getUTCFullYear() % 100),
    Jan: MONTHS[date.getUTCMonth()],
    Mon: DAYS[date.getUTCDay()],
    '01': pad(date.getUTCMonth() + 1),
    '02': pad(date.getUTCDate()),
    '15': pad(date.getUTCHours()),
    '04': pad(date.getUTCMinutes()),
    '05': pad(date.getUTCSeconds()),
    '.000': `.${pad(date.getUTCMilliseconds(), 3)}`,
  };
  return layout.replace(/2006|\.000|Jan|Mon|01|02|15|04|05|06/g, (token) => parts[token]);
}

/** `date` plus whole days; a date-only string stays a date-only string. */
export function addDays(value: unknown, days: number): Date | string {
  const date = requireDate(value, 'add_day input');
  const shifted = new Date(date.getTime() + days * 24 * 60 * 60 * 1000);
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? shifted.toISOString().slice(0, 10)
    : shifted;
}

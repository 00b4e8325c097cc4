import type { Scope } from '@finplat/tracer-domain';

export const LIMIT_TYPES = ['DAILY', 'WEEKLY', 'MONTHLY', 'CUSTOM', 'PER_TRANSACTION'] as const;
export type LimitType = (typeof LIMIT_TYPES)[number];

/** What decides where and when a limit counts, independent of storage. */
export interface LimitWindow {
  limitType: LimitType;
  activeTimeStart: string | null;
  activeTimeEnd: string | null;
  customStartDate: Date | null;
  customEndDate: Date | null;
}

const DAY_MS = 86_400_000;

const utcMidnight = (at: Date) =>
  new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/** ISO-8601 week of a UTC instant: `YYYY-Www` (weeks start Monday; week 1 holds a Thursday). */
export function isoWeekKey(at: Date): string {
  const day = utcMidnight(at);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(
    firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * DAY_MS,
  );
  const week = 1 + Math.floor((thursday.getTime() - firstMonday.getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The counter period `at` falls in; PER_TRANSACTION limits keep no counter. */
export function periodKey(limitType: LimitType, at: Date): string | null {
  const iso = at.toISOString();
  switch (limitType) {
    case 'DAILY':
      return iso.slice(0, 10);
    case 'MONTHLY':
      return iso.slice(0, 7);
    case 'WEEKLY':
      return isoWeekKey(at);
    case 'CUSTOM':
      return 'custom';
    case 'PER_TRANSACTION':
      return null;
  }
}

/** When the period holding `at` ends (UTC): next midnight, next Monday, next 1st, end + 1 day. */
export function resetAt(limit: LimitWindow, at: Date): Date | null {
  const midnight = utcMidnight(at);
  switch (limit.limitType) {
    case 'DAILY':
      return new Date(midnight.getTime() + DAY_MS);
    case 'WEEKLY': {
      const weekday = (midnight.getUTCDay() + 6) % 7;
      return new Date(midnight.getTime() + (7 - weekday) * DAY_MS);
    }
    case 'MONTHLY':
      return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
    case 'CUSTOM':
      return limit.customEndDate ? new Date(limit.customEndDate.getTime() + DAY_MS) : null;
    case 'PER_TRANSACTION':
      return null;
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Why a limit does not apply at `now` (server time, never the client's timestamp): outside
 * its daily active window (which may run overnight), or outside its custom period.
 */
export function skipReason(
  limit: LimitWindow,
  now: Date,
): 'outside_time_window' | 'outside_custom_period' | undefined {
  if (limit.limitType === 'CUSTOM' && limit.customStartDate && limit.customEndDate) {
    if (now < limit.customStartDate || now > limit.customEndDate) return 'outside_custom_period';
  }
  if (limit.activeTimeStart && limit.activeTimeEnd) {
    const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
    const start = minutesOf(limit.activeTimeStart);
    const end = minutesOf(limit.activeTimeEnd);
    const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
    if (!inside) return 'outside_time_window';
  }
  return undefined;
}

const KEY_PARTS: readonly [keyof Scope, string][] = [
  ['accountId', 'acct'],
  ['portfolioId', 'port'],
  ['segmentId', 'seg'],
  ['merchantId', 'merch'],
  ['transactionType', 'type'],
  ['subType', 'sub'],
];

/**
 * The counter a transaction's usage goes to: built from the fields of the limit's own
 * matching scope (not the transaction's whole context), so one limit keeps one counter per
 * value of its granularity, e.g. `acct:<id>` or `seg:<id>:type:CARD`.
 */
export function scopeKey(scope: Scope | undefined): string {
  if (!scope) return 'global';
  const parts = KEY_PARTS.filter(([field]) => scope[field] !== undefined).map(
    ([field, tag]) => `${tag}:${scope[field]}`,
  );
  return parts.length ? parts.join(':') : 'global';
}

/** The scope as LimitUsageDetail shows it, e.g. `account:<id>`. */
export function describeScope(scope: Scope | undefined): string {
  if (!scope) return 'global';
  const names: Record<keyof Scope, string> = {
    accountId: 'account',
    portfolioId: 'portfolio',
    segmentId: 'segment',
    merchantId: 'merchant',
    transactionType: 'transactionType',
    subType: 'subType',
  };
  const parts = KEY_PARTS.filter(([field]) => scope[field] !== undefined).map(
    ([field]) => `${names[field]}:${scope[field]}`,
  );
  return parts.length ? parts.join(',') : 'global';
}

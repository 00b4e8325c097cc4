import { DomainError } from '@finplat/platform';
import { ReporterErrors } from './reporter.errors';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → that UTC day as [from, to). */
export function dayWindow(value: string, entityType: string): { from: Date; to: Date } {
  const match = DATE_ONLY.exec(value);
  const from = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
  if (!from || Number.isNaN(from.getTime()) || from.toISOString().slice(0, 10) !== value) {
    throw new DomainError(
      ReporterErrors.INVALID_DATE_FORMAT,
      `createdAt must be a date in the YYYY-MM-DD format; got "${value.slice(0, 40)}".`,
      { entityType, fields: { createdAt: 'must be YYYY-MM-DD' } },
    );
  }
  return { from, to: new Date(from.getTime() + 24 * 60 * 60 * 1000) };
}

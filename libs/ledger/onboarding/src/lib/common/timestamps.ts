/** ISO-8601 text of a timestamp column, null staying null. */
export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

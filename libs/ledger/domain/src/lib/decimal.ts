import Decimal from 'decimal.js';

/**
 * The ledger's one decimal type. 120 significant digits and plain notation: amounts of any
 * realistic size (far beyond the 30 digits the API promises) are exact, and rounding never
 * happens silently inside arithmetic. Amounts never pass through a JS number.
 */
export const Money = Decimal.clone({
  precision: 120,
  rounding: Decimal.ROUND_DOWN,
  toExpNeg: -130,
  toExpPos: 130,
});
export type Money = Decimal;

const DECIMAL_STRING = /^-?(0|[1-9]\d*)(\.\d+)?$/;
export const MAX_AMOUNT_DIGITS = 60;

/** Parses an API amount: a plain decimal string (or an integer JSON number), never a float. */
export function parseAmount(value: unknown): Money | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL_STRING.test(text)) return undefined;
  if (text.replace(/[-.]/g, '').length > MAX_AMOUNT_DIGITS) return undefined;
  return new Money(text);
}

/**
 * Canonical text of an amount as the API returns it: plain notation, no trailing zeros after
 * the point, no negative zero (`"100.500"` → `"100.5"`, `"-0"` → `"0"`).
 */
export function formatAmount(value: Money | string): string {
  const decimal = typeof value === 'string' ? new Money(value) : value;
  return decimal.isZero() ? '0' : decimal.toFixed();
}

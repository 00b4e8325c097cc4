import Decimal from 'decimal.js';

/**
 * The ledger's one decimal type. 120 significant digits and no exponent notation: amounts of
 * any realistic size (and far beyond the 30 digits the API promises) are exact, and rounding
 * never happens silently inside arithmetic.
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

/** Canonical text of an amount: no exponent, no trailing zeros after the point. */
export function formatAmount(value: Money): string {
  return value.toFixed();
}

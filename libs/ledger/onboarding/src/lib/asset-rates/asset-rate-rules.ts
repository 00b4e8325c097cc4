import { DomainError, PlatformErrors } from '@finplat/platform';
import { Money } from '@finplat/ledger-domain';

/** A plain, non-negative decimal: `5`, `5.25`, `0.000123` (no sign, exponent or spaces). */
const DECIMAL_TEXT = /^(0|[1-9]\d*)(\.\d+)?$/;
/** Digits a rate may carry, integer and fraction together. */
export const MAX_RATE_DIGITS = 60;

const invalidRate = (reason: string) =>
  new DomainError(PlatformErrors.BAD_REQUEST, `Invalid value for: rate (${reason}).`, {
    entityType: 'AssetRate',
    fields: { rate: reason },
  });

/**
 * The rate of a `PUT …/asset-rates` as the canonical decimal text stored in `numeric`: a
 * positive JSON number, or a positive decimal string (kept digit for digit, up to 60 digits).
 */
export function parseRate(value: unknown): string {
  let decimal: InstanceType<typeof Money>;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidRate('must be a finite number');
    decimal = new Money(value);
  } else if (typeof value === 'string') {
    if (!DECIMAL_TEXT.test(value)) {
      throw invalidRate('must be a number or a plain decimal string such as "5.25"');
    }
    if (value.replace('.', '').length > MAX_RATE_DIGITS) {
      throw invalidRate(`at most ${MAX_RATE_DIGITS} digits`);
    }
    decimal = new Money(value);
  } else {
    throw invalidRate('must be a number or a decimal string');
  }
  if (!decimal.isPositive() || decimal.isZero()) throw invalidRate('must be greater than 0');
  return decimal.toFixed();
}

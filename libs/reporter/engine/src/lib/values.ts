import Decimal from 'decimal.js';

/**
 * The values a template computes with. Money is exact: numbers from the data (PostgreSQL
 * `numeric` arrives as a string), number literals and arithmetic results are decimal.js
 * values, never JavaScript floating point. Precision is far beyond any ledger amount (the
 * ledger stores numeric with up to 38 significant digits); only division rounds, to
 * DIVISION_DECIMALS places.
 */
export const D = Decimal.clone({
  precision: 200,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -1e9,
  toExpPos: 1e9,
});
export type Dec = InstanceType<typeof D>;

/** Decimal places a quotient keeps (`/`, avg_by, percent_of). */
export const DIVISION_DECIMALS = 20;

/** A string that the output must not escape (`safe`, macro results). */
export class SafeString {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Raised for data or template errors found while rendering: a business failure. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export const isDecimal = (value: unknown): value is Dec => value instanceof D;

/** True for decimals, finite numbers and strings that spell a number. */
export function isNumeric(value: unknown): boolean {
  if (isDecimal(value)) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'bigint') return true;
  return typeof value === 'string' && NUMERIC.test(value);
}

/** The decimal a value spells; undefined when it is not numeric. */
export function toDecimalOrUndefined(value: unknown): Dec | undefined {
  if (isDecimal(value)) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new D(String(value)) : undefined;
  if (typeof value === 'bigint') return new D(value.toString());
  if (typeof value === 'boolean') return new D(value ? 1 : 0);
  if (typeof value === 'string' && NUMERIC.test(value)) return new D(value.trim());
  return undefined;
}

/** The decimal a value spells, or a render error naming what it got. */
export function toDecimal(value: unknown, what = 'value'): Dec {
  const decimal = toDecimalOrUndefined(value);
  if (decimal === undefined) {
    throw new TemplateRenderError(`${what} is not a number: ${describe(value)}`);
  }
  return decimal;
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'none';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !isDecimal(value)) return 'an object';
  return String(value);
}

/** Plain decimal notation, no exponent; trailing zeros of the data are kept. */
export const decimalText = (value: Dec): string => value.toFixed();

/** Without trailing fractional zeros: 10.500 → 10.5, 3.00 → 3. */
export const stripZeros = (value: Dec): string => {
  const text = value.toFixed();
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
};

/** What a value prints as. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof SafeString) return value.value;
  if (isDecimal(value)) return decimalText(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(toText).join(', ')}]`;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return '';
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return isDecimal(value) ? decimalText(value) : value;
}

export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (isDecimal(value)) return !value.isZero();
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof SafeString) return value.value !== '';
  if (value instanceof Date) return true;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * Equality as a template author means it: two numbers (or a number and a numeric string)
 * compare by value (`100.00 == 100`), dates by instant, everything else strictly.
 */
export function equals(left: unknown, right: unknown): boolean {
  if (left instanceof SafeString) left = left.value;
  if (right instanceof SafeString) right = right.value;
  const numericPair =
    (typeof left !== 'string' || typeof right !== 'string') && isNumeric(left) && isNumeric(right);
  if (numericPair) return toDecimal(left).equals(toDecimal(right));
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if ((left === undefined || left === null) && (right === undefined || right === null)) return true;
  return left === right;
}

/** Ordering of numbers (decimal), dates and strings; a render error for anything else. */
export function compare(left: unknown, right: unknown): number {
  if (isNumeric(left) && isNumeric(right)) return toDecimal(left).comparedTo(toDecimal(right));
  const l = left instanceof Date ? left.getTime() : left;
  const r = right instanceof Date ? right.getTime() : right;
  if (typeof l === 'number' && typeof r === 'number') return l - r;
  if (typeof l === 'string' && typeof r === 'string') return l < r ? -1 : l > r ? 1 : 0;
  if (typeof l === 'string' && typeof r === 'number') return compare(new Date(l), new Date(r));
  if (typeof l === 'number' && typeof r === 'string') return compare(new Date(l), new Date(r));
  throw new TemplateRenderError(`cannot compare ${describe(left)} with ${describe(right)}`);
}

const FORBIDDEN_KEYS = new Set([
  '__proto__',
  'prototype',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/**
 * `target.key` / `target[key]` in a template: own data only. Lists take integer indexes,
 * records their own keys; nothing else is reachable (no prototype, no method, no getter of
 * a class), so a template can never reach `constructor.constructor` or the process.
 */
export function lookup(target: unknown, key: unknown): unknown {
  if (target === undefined || target === null) return undefined;
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) return undefined;
  if (Array.isArray(target)) {
    const index =
      typeof key === 'string' && /^-?\d+$/.test(key)
        ? Number(key)
        : isDecimal(key)
          ? key.toNumber()
          : key;
    if (typeof index !== 'number' || !Number.isInteger(index)) return undefined;
    return target[index < 0 ? target.length + index : index];
  }
  if (!isRecord(target)) return undefined;
  const name = isDecimal(key) ? decimalText(key) : typeof key === 'number' ? String(key) : key;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(target, name))
    return undefined;
  const value = (target as Record<string, unknown>)[name];
  return typeof value === 'function' ? undefined : value;
}

/** A plain record: a JSON object, a database row, a dictionary built by the template. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `a.b.c` inside a row (aggregate tags name fields this way). */
export function nestedField(row: unknown, path: string): unknown {
  let value = row;
  for (const part of path.split('.')) value = lookup(value, part);
  return value;
}

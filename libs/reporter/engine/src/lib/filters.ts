import { addDays, formatDate, requireDate } from './dates';
import {
  D,
  DIVISION_DECIMALS,
  SafeString,
  TemplateRenderError,
  describe,
  equals,
  isDecimal,
  isRecord,
  nestedField,
  stripZeros,
  toDecimal,
  toDecimalOrUndefined,
  toText,
  truthy,
  compare,
  type Dec,
} from './values';

export interface FilterContext {
  /** Most items a filter may walk (the per-tag collection cap). */
  maxItems: number;
}

export type FilterFn = (value: unknown, args: unknown[], context: FilterContext) => unknown;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

function list(value: unknown, filter: string, context: FilterContext): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new TemplateRenderError(`${filter} expects a list; got ${describe(value)}`);
  if (value.length > context.maxItems) {
    throw new TemplateRenderError(
      `${filter}: a collection of ${value.length} items exceeds the limit of ${context.maxItems}`,
    );
  }
  return value;
}

/** `"field:value"` (Reporter's spelling) or two arguments. */
function fieldAndValue(args: unknown[], filter: string): [string, unknown] | [string] {
  if (args.length >= 2) return [toText(args[0]), args[1]];
  const text = toText(args[0]);
  const colon = text.indexOf(':');
  if (colon <= 0) {
    if (!text) throw new TemplateRenderError(`${filter} expects "field:value"`);
    return [text];
  }
  return [text.slice(0, colon), text.slice(colon + 1)];
}

function matches(row: unknown, field: string, expected: unknown): boolean {
  const actual = nestedField(row, field);
  return typeof expected === 'string' && !isDecimal(actual)
    ? toText(actual) === expected
    : equals(actual, expected);
}

function integerArgument(value: unknown, filter: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const decimal = toDecimalOrUndefined(value);
  if (!decimal || !decimal.isInteger())
    throw new TemplateRenderError(`${filter} expects a whole number; got ${describe(value)}`);
  return decimal.toNumber();
}

/** Django's floatformat: n places; negative n drops them for whole numbers; none = -1. */
function floatformat(value: unknown, places: number): string {
  const decimal = toDecimalOrUndefined(value);
  if (!decimal) return '';
  const digits = Math.abs(places);
  const rounded = decimal.toDecimalPlaces(digits, D.ROUND_HALF_UP);
  if (places < 0 && rounded.isInteger()) return rounded.toFixed(0);
  return rounded.toFixed(digits);
}

function sumOf(values: unknown[]): Dec {
  let total = new D(0);
  for (const value of values) {
    const decimal = toDecimalOrUndefined(value);
    if (decimal) total = total.plus(decimal);
  }
  return total;
}

const title = (text: string) =>
  text.toLowerCase().replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, sep, c) => sep + c.toUpperCase());

/** Every filter a template may use. Anything else is refused when the template is uploaded. */
export const FILTERS: Record<string, FilterFn> = {
  // --- Reporter's custom filters --------------------------------------------------------
  percent_of: (value, [total]) => {
    const denominator = toDecimal(total, 'percent_of total');
    if (denominator.isZero()) throw new TemplateRenderError('percent_of: the total is zero');
    return `${toDecimal(value, 'percent_of input').times(100).div(denominator).toFixed(2, D.ROUND_HALF_UP)}%`;
  },
  slice_str: (value, [range]) => {
    const match = /^\s*(-?\d*)\s*:\s*(-?\d*)\s*$/.exec(toText(range));
    if (!match) throw new TemplateRenderError('slice_str expects "start:end"');
    const chars = Array.from(toText(value));
    const start = match[1] === '' ? 0 : Number(match[1]);
    const end = match[2] === '' ? chars.length : Number(match[2]);
    return chars.slice(start, end).join('');
  },
  strip_zeros: (value) => {
    const decimal = toDecimalOrUndefined(value);
    return decimal ? stripZeros(decimal) : toText(value);
  },
  replace: (value, args) => {
    let from: string;
    let to: string;
    if (args.length >= 2) [from, to] = [toText(args[0]), toText(args[1])];
    else {
      const text = toText(args[0]);
      const colon = text.indexOf(':');
      if (colon < 0) throw new TemplateRenderError('replace expects "old:new" or two arguments');
      [from, to] = [text.slice(0, colon), text.slice(colon + 1)];
    }
    return from === '' ? toText(value) : toText(value).split(from).join(to);
  },
  where: (value, args, context) => {
    const [field, expected] = fieldAndValue(args, 'where');
    const rows = list(value, 'where', context);
    return expected === undefined
      ? rows.filter((row) => truthy(nestedField(row, field)))
      : rows.filter((row) => matches(row, field, expected));
  },
  sum: (value, args, context) => {
    const rows = list(value, 'sum', context);
    return args.length === 0
      ? sumOf(rows)
      : sumOf(rows.map((row) => nestedField(row, toText(args[0]))));
  },
  count: (value, args, context) => {
    const rows = list(value, 'count', context);
    if (args.length === 0) return new D(rows.length);
    const [field, expected] = fieldAndValue(args, 'count');
    return new D(
      rows.filter((row) =>
        expected === undefined ? truthy(nestedField(row, field)) : matches(row, field, expected),
      ).length,
    );
  },
  add_day: (value, [days]) => addDays(value, integerArgument(days, 'add_day', 1)),

  // --- Django/Pongo2 and Jinja standards ------------------------------------------------
  floatformat: (value, [places]) => floatformat(value, integerArgument(places, 'floatformat', -1)),
  round: (value, [places, method]) => {
    const digits = integerArgument(places, 'round', 0);
    const mode =
      method === 'floor' ? D.ROUND_FLOOR : method === 'ceil' ? D.ROUND_CEIL : D.ROUND_HALF_UP;
    return toDecimal(value, 'round input').toDecimalPlaces(digits, mode);
  },
  abs: (value) => toDecimal(value, 'abs input').abs(),
  int: (value) => toDecimalOrUndefined(value)?.trunc() ?? new D(0),
  integer: (value) => toDecimalOrUndefined(value)?.trunc() ?? new D(0),
  float: (value) => toDecimalOrUndefined(value) ?? new D(0),
  string: (value) => toText(value),
  default: (value, [fallback, onlyUndefined]) =>
    (truthy(onlyUndefined) ? value === undefined || value === null : !truthy(value))
      ? fallback
      : value,
  default_if_none: (value, [fallback]) =>
    value === undefined || value === null ? fallback : value,
  upper: (value) => toText(value).toUpperCase(),
  lower: (value) => toText(value).toLowerCase(),
  capitalize: (value) => {
    const text = toText(value);
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  },
  capfirst: (value) => {
    const text = toText(value);
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  title: (value) => title(toText(value)),
  trim: (value) => toText(value).trim(),
  length: (value) => {
    if (Array.isArray(value)) return new D(value.length);
    if (isRecord(value)) return new D(Object.keys(value).length);
    return new D(Array.from(toText(value)).length);
  },
  join: (value, [separator], context) =>
    list(value, 'join', context)
      .map(toText)
      .join(toText(separator ?? '')),
  first: (value) => (Array.isArray(value) ? value[0] : Array.from(toText(value))[0]),
  last: (value) =>
    Array.isArray(value) ? value[value.length - 1] : Array.from(toText(value)).pop(),
  reverse: (value) =>
    Array.isArray(value) ? [...value].reverse() : Array.from(toText(value)).reverse().join(''),
  sort: (value, [reverse, _caseSensitive, attribute], context) => {
    const rows = [...list(value, 'sort', context)];
    const key = (row: unknown) =>
      attribute === undefined ? row : nestedField(row, toText(attribute));
    rows.sort((a, b) => compare(key(a), key(b)));
    return truthy(reverse) ? rows.reverse() : rows;
  },
  truncatechars: (value, [length]) => {
    const max = integerArgument(length, 'truncatechars');
    const chars = Array.from(toText(value));
    return chars.length <= max
      ? chars.join('')
      : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
  },
  ljust: (value, [width]) => toText(value).padEnd(integerArgument(width, 'ljust')),
  rjust: (value, [width]) => toText(value).padStart(integerArgument(width, 'rjust')),
  center: (value, [width]) => {
    const text = toText(value);
    const total = Math.max(0, integerArgument(width, 'center') - text.length);
    const left = Math.floor(total / 2);
    return ' '.repeat(left) + text + ' '.repeat(total - left);
  },
  cut: (value, [remove]) => toText(value).split(toText(remove)).join(''),
  date: (value, [layout]) =>
    formatDate(requireDate(value, 'date input'), toText(layout ?? '2006-01-02')),
  yesno: (value, [choices]) => {
    const [yes, no, maybe] = toText(choices ?? 'yes,no').split(',');
    if ((value === undefined || value === null) && maybe !== undefined) return maybe;
    return truthy(value) ? yes : no;
  },
  safe: (value) => (value instanceof SafeString ? value : new SafeString(toText(value))),
  escape: (value) =>
    value instanceof SafeString ? value : new SafeString(escapeHtml(toText(value))),
  e: (value) => (value instanceof SafeString ? value : new SafeString(escapeHtml(toText(value)))),
  urlencode: (value) => encodeURIComponent(toText(value)),
  divisibleby: (value, [by]) => toDecimal(value).mod(toDecimal(by)).isZero(),
  add: (value, [other]) => {
    const left = toDecimalOrUndefined(value);
    const right = toDecimalOrUndefined(other);
    return left && right ? left.plus(right) : toText(value) + toText(other);
  },
  div: (value, [by]) => {
    const divisor = toDecimal(by, 'div divisor');
    if (divisor.isZero()) throw new TemplateRenderError('division by zero');
    return toDecimal(value).div(divisor).toDecimalPlaces(DIVISION_DECIMALS);
  },
};

/** Names every custom filter and tag; the reference in docs/reporter/template-language.md. */
export const FILTER_NAMES = Object.keys(FILTERS);

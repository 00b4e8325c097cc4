import { DomainError } from '@finplat/platform';
import { Money, parseAmount } from '@finplat/ledger-domain';
import type { FeeRecord } from '@finplat/ledger-database';
import { FeeErrors } from './fee.errors';

const RULES = ['flatFee', 'percentual', 'maxBetweenTypes'] as const;
const REFERENCES = ['originalAmount', 'afterFeesAmount'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FEE_FIELDS = new Set([
  'feeLabel',
  'calculationModel',
  'referenceAmount',
  'priority',
  'isDeductibleFrom',
  'creditAccount',
  'routeFrom',
  'routeTo',
]);

const invalid = (field: string, message: string) =>
  new DomainError(FeeErrors.INVALID_FEE, `${field}: ${message}`, { fields: { [field]: message } });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function text(fee: Record<string, unknown>, name: string, field: string, required: boolean) {
  const value = fee[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw invalid(`${field}.${name}`, 'must be a non-empty string of at most 256 characters');
  }
  return value;
}

/** A decimal string ≥ 0 (and ≤ 100 for a percentage). */
function decimal(value: unknown, field: string, percentage: boolean): string {
  const parsed = parseAmount(value);
  if (!parsed || parsed.lt(0) || (percentage && parsed.gt(100))) {
    throw invalid(
      field,
      percentage ? 'must be a decimal string in [0, 100]' : 'must be a decimal string ≥ 0',
    );
  }
  return parsed.toFixed();
}

/** One fee of a package, checked field by field (the body's `fees.<name>`). */
function parseFee(raw: unknown, field: string): FeeRecord {
  if (!isObject(raw)) throw invalid(field, 'must be an object');
  const unknown = Object.keys(raw).find((k) => !FEE_FIELDS.has(k));
  if (unknown) throw invalid(`${field}.${unknown}`, 'is not a field of a fee');
  const feeLabel = text(raw, 'feeLabel', field, true) as string;
  const creditAccount = text(raw, 'creditAccount', field, true) as string;
  const model = raw.calculationModel;
  if (!isObject(model)) throw invalid(`${field}.calculationModel`, 'must be an object');
  const rule = model.applicationRule;
  if (!RULES.includes(rule as (typeof RULES)[number])) {
    throw invalid(
      `${field}.calculationModel.applicationRule`,
      `must be one of ${RULES.join(', ')}`,
    );
  }
  if (!Array.isArray(model.calculations) || model.calculations.length === 0) {
    throw invalid(`${field}.calculationModel.calculations`, 'must be a non-empty array');
  }
  const calculations = model.calculations.map((c: unknown, i: number) => {
    const at = `${field}.calculationModel.calculations[${i}]`;
    if (!isObject(c) || (c.type !== 'flat' && c.type !== 'percentage')) {
      throw invalid(`${at}.type`, 'must be flat or percentage');
    }
    return {
      type: c.type as 'flat' | 'percentage',
      value: decimal(c.value, `${at}.value`, c.type === 'percentage'),
    };
  });
  const types = calculations.map((c) => c.type);
  const shapeOk =
    rule === 'flatFee'
      ? types.length === 1 && types[0] === 'flat'
      : rule === 'percentual'
        ? types.length === 1 && types[0] === 'percentage'
        : types.length >= 2;
  if (!shapeOk) {
    throw invalid(
      `${field}.calculationModel.calculations`,
      rule === 'maxBetweenTypes'
        ? 'maxBetweenTypes needs at least two calculations'
        : `${String(rule)} takes exactly one ${rule === 'flatFee' ? 'flat' : 'percentage'} calculation`,
    );
  }
  const referenceAmount = raw.referenceAmount;
  if (!REFERENCES.includes(referenceAmount as (typeof REFERENCES)[number])) {
    throw invalid(`${field}.referenceAmount`, `must be one of ${REFERENCES.join(', ')}`);
  }
  const priority = raw.priority ?? 1;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 1 ||
    priority > 1000
  ) {
    throw invalid(`${field}.priority`, 'must be a whole number from 1 to 1000');
  }
  if (typeof raw.isDeductibleFrom !== 'boolean') {
    throw invalid(`${field}.isDeductibleFrom`, 'must be true or false');
  }
  const routeFrom = text(raw, 'routeFrom', field, false);
  const routeTo = text(raw, 'routeTo', field, false);
  for (const [name, value] of [
    ['routeFrom', routeFrom],
    ['routeTo', routeTo],
  ] as const) {
    if (value !== undefined && !UUID.test(value)) {
      throw invalid(`${field}.${name}`, 'must be the id of an operation route');
    }
  }
  return {
    feeLabel,
    calculationModel: {
      applicationRule: rule as FeeRecord['calculationModel']['applicationRule'],
      calculations,
    },
    referenceAmount: referenceAmount as FeeRecord['referenceAmount'],
    priority,
    isDeductibleFrom: raw.isDeductibleFrom,
    creditAccount,
    ...(routeFrom !== undefined ? { routeFrom } : {}),
    ...(routeTo !== undefined ? { routeTo } : {}),
  };
}

/** The `fees` map of a package body: at least one fee, priorities distinct. */
export function parseFees(raw: unknown): Record<string, FeeRecord> {
  if (!isObject(raw) || Object.keys(raw).length === 0) {
    throw invalid('fees', 'must be an object with at least one fee');
  }
  if (Object.keys(raw).length > 50) throw invalid('fees', 'at most 50 fees per package');
  const fees = Object.fromEntries(
    Object.entries(raw).map(([name, fee]) => [name, parseFee(fee, `fees.${name}`)]),
  );
  const seen = new Map<number, string>();
  for (const [name, fee] of Object.entries(fees)) {
    const other = seen.get(fee.priority);
    if (other !== undefined) {
      throw new DomainError(
        FeeErrors.DUPLICATE_FEE_PRIORITY,
        `fees.${name} and fees.${other} have the same priority ${fee.priority}.`,
        { fields: { [`fees.${name}.priority`]: 'same as another fee' } },
      );
    }
    seen.set(fee.priority, name);
  }
  return fees;
}

/** minimumAmount ≤ maximumAmount, both decimal strings ≥ 0. */
export function parseAmountRange(minimum: unknown, maximum: unknown): { min: Money; max: Money } {
  const min = parseAmount(minimum);
  const max = parseAmount(maximum);
  const bad = (field: string) =>
    new DomainError(FeeErrors.INVALID_AMOUNT_RANGE, `${field} must be a decimal string ≥ 0.`, {
      fields: { [field]: 'must be a decimal string ≥ 0' },
    });
  if (!min || min.lt(0)) throw bad('minimumAmount');
  if (!max || max.lt(0)) throw bad('maximumAmount');
  if (min.gt(max)) {
    throw new DomainError(
      FeeErrors.INVALID_AMOUNT_RANGE,
      'minimumAmount must not be greater than maximumAmount.',
      { fields: { minimumAmount: 'greater than maximumAmount' } },
    );
  }
  return { min, max };
}

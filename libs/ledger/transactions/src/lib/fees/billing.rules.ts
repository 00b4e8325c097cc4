import { DomainError } from '@finplat/platform';
import { Money, parseAmount } from '@finplat/ledger-domain';
import type { BillingTermsRecord, BillingType } from '@finplat/ledger-database';
import type { CreateBillingPackageDto } from './dto/billing-package.dto';
import { FeeErrors } from './fee.errors';

const ZERO = new Money(0);
const HUNDRED = new Money(100);

const invalid = (field: string, message: string) =>
  new DomainError(FeeErrors.INVALID_BILLING_PACKAGE, `${field}: ${message}`, {
    fields: { [field]: message },
  });

function decimal(value: unknown, field: string, max?: Money): string {
  const parsed = parseAmount(value);
  if (!parsed || parsed.lt(0) || (max && parsed.gt(max))) {
    throw invalid(
      field,
      max ? `must be a decimal string in [0, ${max.toFixed()}]` : 'must be a decimal string ≥ 0',
    );
  }
  return parsed.toFixed();
}

type TermsInput = Omit<
  CreateBillingPackageDto,
  'ledgerId' | 'label' | 'description' | 'type' | 'assetCode' | 'enable'
>;

/**
 * The terms a billing package of a type needs, checked (0185 naming the field): volume needs
 * its event filter, pricing model, tiers (ascending, not overlapping) and the account
 * credited; maintenance its fee per account, the account credited and whom it targets.
 */
export function billingTermsOf(type: BillingType, input: TermsInput): BillingTermsRecord {
  const target = input.accountTarget;
  const accountTarget = target
    ? {
        ...(target.aliases ? { aliases: target.aliases } : {}),
        ...(target.portfolioId ? { portfolioId: target.portfolioId } : {}),
        ...(target.segmentId ? { segmentId: target.segmentId } : {}),
      }
    : undefined;
  if (type === 'maintenance') {
    for (const field of [
      'eventFilter',
      'pricingModel',
      'tiers',
      'freeQuota',
      'discountTiers',
      'creditAccountAlias',
      'debitAccountAlias',
    ] as const) {
      if (input[field] !== undefined) throw invalid(field, 'is a field of volume packages');
    }
    if (input.feeAmount === undefined) throw invalid('feeAmount', 'is required for maintenance');
    const feeAmount = decimal(input.feeAmount, 'feeAmount');
    if (!input.maintenanceCreditAccount) {
      throw invalid('maintenanceCreditAccount', 'is required for maintenance');
    }
    if (!accountTarget || Object.keys(accountTarget).length === 0) {
      throw invalid('accountTarget', 'maintenance needs aliases, a portfolioId or a segmentId');
    }
    return { feeAmount, maintenanceCreditAccount: input.maintenanceCreditAccount, accountTarget };
  }
  for (const field of ['feeAmount', 'maintenanceCreditAccount'] as const) {
    if (input[field] !== undefined) throw invalid(field, 'is a field of maintenance packages');
  }
  if (!input.eventFilter) throw invalid('eventFilter', 'is required for volume');
  if (!input.pricingModel) throw invalid('pricingModel', 'is required for volume');
  if (!input.creditAccountAlias) throw invalid('creditAccountAlias', 'is required for volume');
  const tiers = (input.tiers ?? []).map((t, i) => {
    if (t.maxQuantity !== undefined && t.maxQuantity < t.minQuantity) {
      throw invalid(`tiers[${i}].maxQuantity`, 'must not be below minQuantity');
    }
    return {
      minQuantity: t.minQuantity,
      ...(t.maxQuantity !== undefined ? { maxQuantity: t.maxQuantity } : {}),
      unitPrice: decimal(t.unitPrice, `tiers[${i}].unitPrice`),
    };
  });
  if (tiers.length === 0) throw invalid('tiers', 'volume needs at least one tier');
  if (input.pricingModel === 'flat' && tiers.length !== 1) {
    throw invalid('tiers', 'a flat price has exactly one tier');
  }
  tiers.forEach((t, i) => {
    const next = tiers[i + 1];
    if (next && (t.maxQuantity === undefined || next.minQuantity <= t.maxQuantity)) {
      throw invalid(`tiers[${i + 1}].minQuantity`, 'tiers must ascend without overlapping');
    }
  });
  const discountTiers = (input.discountTiers ?? []).map((d, i) => ({
    minQuantity: d.minQuantity,
    discountPercentage: decimal(
      d.discountPercentage,
      `discountTiers[${i}].discountPercentage`,
      HUNDRED,
    ),
  }));
  return {
    eventFilter: {
      transactionRoute: input.eventFilter.transactionRoute,
      status: input.eventFilter.status,
    },
    pricingModel: input.pricingModel,
    tiers,
    freeQuota: input.freeQuota ?? 0,
    discountTiers,
    countMode: input.countMode ?? 'perRoute',
    creditAccountAlias: input.creditAccountAlias,
    ...(input.debitAccountAlias ? { debitAccountAlias: input.debitAccountAlias } : {}),
    ...(accountTarget ? { accountTarget } : {}),
  };
}

/**
 * What `count` events cost under volume terms: the first `freeQuota` are free; each further
 * one is priced by the tier whose [minQuantity, maxQuantity] holds its number (graduated;
 * a flat price is one tier); then the best discount tier the count reaches applies. Exact.
 */
export function priceVolume(terms: BillingTermsRecord, count: number): Money {
  const billable = Math.max(0, count - (terms.freeQuota ?? 0));
  let amount = ZERO;
  for (const tier of terms.tiers ?? []) {
    const first = Math.max(tier.minQuantity, 1);
    const last = Math.min(billable, tier.maxQuantity ?? Number.MAX_SAFE_INTEGER);
    if (terms.pricingModel === 'flat') {
      amount = new Money(tier.unitPrice).times(billable);
      break;
    }
    if (last >= first) amount = amount.plus(new Money(tier.unitPrice).times(last - first + 1));
  }
  const discount = (terms.discountTiers ?? [])
    .filter((d) => d.minQuantity <= count)
    .reduce(
      (best, d) =>
        new Money(d.discountPercentage).gt(best) ? new Money(d.discountPercentage) : best,
      ZERO,
    );
  return amount.times(HUNDRED.minus(discount)).div(HUNDRED);
}

/** `yyyy-mm` → [first instant of the month, first instant of the next), UTC (else 0186). */
export function periodWindow(period: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) {
    throw new DomainError(
      FeeErrors.INVALID_BILLING_PERIOD,
      'period must be yyyy-mm, e.g. 2026-01.',
      {
        fields: { period: 'must be yyyy-mm' },
      },
    );
  }
  const year = Number(match[1]);
  return { from: new Date(Date.UTC(year, month - 1, 1)), to: new Date(Date.UTC(year, month, 1)) };
}

import { DomainError } from '@finplat/platform';
import { Money } from '@finplat/ledger-domain';
import type { FeePackageEntity, FeeRecord } from '@finplat/ledger-database';
import type { ResolvedLeg } from '../posting/resolve-legs';
import { FeeErrors } from './fee.errors';

/** A fee package as the engine reads it: amounts exact, fees with their names. */
export interface FeePackageTerms {
  id: string;
  feeGroupLabel: string;
  segmentId: string | null;
  transactionRoute: string | null;
  minimumAmount: Money;
  maximumAmount: Money;
  waivedAccounts: string[];
  fees: Record<string, FeeRecord>;
  createdAt: Date;
}

/** The engine's view of a stored package. */
export const termsOfPackage = (p: FeePackageEntity): FeePackageTerms => ({
  id: p.id,
  feeGroupLabel: p.feeGroupLabel,
  segmentId: p.segmentId,
  transactionRoute: p.transactionRoute,
  minimumAmount: new Money(p.minimumAmount),
  maximumAmount: new Money(p.maximumAmount),
  waivedAccounts: p.waivedAccounts,
  fees: p.fees,
  createdAt: p.createdAt,
});

/** What of a transaction decides which package applies and what it costs. */
export interface FeeSubject {
  total: Money;
  legs: ResolvedLeg[];
  route?: string;
  routeId?: string;
}

export interface AppliedFee {
  name: string;
  feeLabel: string;
  amount: Money;
  creditAccount: string;
  isDeductibleFrom: boolean;
  /** Who pays it: the first source leg's account (non-deductible) or first destination's. */
  payer: string;
}

export interface FeeOutcome {
  package?: FeePackageTerms;
  /** A package matched but a source account is in its waived accounts. */
  waived: boolean;
  fees: AppliedFee[];
  /** The transaction's legs with the fee legs added (and deductible fees taken off). */
  legs: ResolvedLeg[];
  /** Σ of the source legs: the request's total plus the non-deductible fees. */
  total: Money;
}

const HUNDRED = new Money(100);
const ZERO = new Money(0);

/** The account segment each source alias belongs to (null: none, or unknown). */
export type SegmentOf = (alias: string) => string | null | undefined;

/**
 * Whether a package applies to a transaction: the amount is inside [minimum, maximum], the
 * package's transaction route (if any) is the transaction's route id or route, and its
 * segment (if any) is the segment of every source account.
 */
export function packageMatches(
  pkg: FeePackageTerms,
  subject: FeeSubject,
  segmentOf: SegmentOf,
): boolean {
  if (subject.total.lt(pkg.minimumAmount) || subject.total.gt(pkg.maximumAmount)) return false;
  if (
    pkg.transactionRoute !== null &&
    pkg.transactionRoute !== subject.routeId &&
    pkg.transactionRoute !== subject.route
  ) {
    return false;
  }
  if (pkg.segmentId !== null) {
    return subject.legs
      .filter((leg) => leg.side === 'source')
      .every((leg) => segmentOf(leg.accountAlias) === pkg.segmentId);
  }
  return true;
}

/**
 * The one package a transaction pays: of those matching, the most specific (a route counts
 * more than a segment), then the oldest — so adding a broader package never changes what
 * an already-specific transaction pays.
 */
export function choosePackage(
  packages: FeePackageTerms[],
  subject: FeeSubject,
  segmentOf: SegmentOf,
): FeePackageTerms | undefined {
  const specificity = (p: FeePackageTerms) =>
    (p.transactionRoute !== null ? 2 : 0) + (p.segmentId !== null ? 1 : 0);
  return packages
    .filter((p) => packageMatches(p, subject, segmentOf))
    .sort(
      (a, b) =>
        specificity(b) - specificity(a) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.id.localeCompare(b.id),
    )[0];
}

/** One fee's amount on its reference amount; exact (a percentage of a decimal is finite). */
export function feeAmount(fee: FeeRecord, reference: Money): Money {
  const of = (c: FeeRecord['calculationModel']['calculations'][number]) =>
    c.type === 'flat' ? new Money(c.value) : reference.times(c.value).div(HUNDRED);
  const amounts = fee.calculationModel.calculations.map(of);
  return amounts.reduce((max, a) => (a.gt(max) ? a : max), ZERO);
}

/**
 * The package's fees on a total, in priority order: `originalAmount` fees are computed on
 * the total, `afterFeesAmount` ones on the total less the fees computed before them.
 */
export function computeFees(
  pkg: Pick<FeePackageTerms, 'fees'>,
  total: Money,
): { name: string; fee: FeeRecord; amount: Money }[] {
  let remaining = total;
  return Object.entries(pkg.fees)
    .sort(([an, a], [bn, b]) => a.priority - b.priority || an.localeCompare(bn))
    .map(([name, fee]) => {
      const amount = feeAmount(fee, fee.referenceAmount === 'originalAmount' ? total : remaining);
      remaining = remaining.minus(amount);
      return { name, fee, amount };
    });
}

/**
 * Adds a package's fees to a transaction as extra legs, so they post atomically with it.
 * A non-deductible fee is paid on top by the first source leg's balance (one more source
 * leg, and the total grows); a deductible fee is taken off the first destination leg. Each
 * fee is credited to its `creditAccount` (default balance). Zero fees add no legs; no
 * amount is rounded, so Σ sources = Σ destinations still holds exactly.
 */
export function applyFees(pkg: FeePackageTerms | undefined, subject: FeeSubject): FeeOutcome {
  const unchanged: FeeOutcome = {
    package: pkg,
    waived: false,
    fees: [],
    legs: subject.legs,
    total: subject.total,
  };
  if (!pkg) return unchanged;
  const sources = subject.legs.filter((leg) => leg.side === 'source');
  const destinations = subject.legs.filter((leg) => leg.side === 'destination');
  if (sources.some((leg) => pkg.waivedAccounts.includes(leg.accountAlias))) {
    return { ...unchanged, waived: true };
  }
  const payer = sources[0];
  const receiver = { ...destinations[0] };
  const extraSources: ResolvedLeg[] = [];
  const credits: ResolvedLeg[] = [];
  const applied: AppliedFee[] = [];
  let total = subject.total;
  for (const { name, fee, amount } of computeFees(pkg, subject.total)) {
    if (amount.lte(0)) continue;
    const description = `Fee: ${fee.feeLabel}`;
    if (fee.isDeductibleFrom) {
      receiver.amount = receiver.amount.minus(amount);
    } else {
      extraSources.push({
        side: 'source',
        accountAlias: payer.accountAlias,
        balanceKey: payer.balanceKey,
        amount,
        description,
        ...(fee.routeFrom ? { routeId: fee.routeFrom } : {}),
      });
      total = total.plus(amount);
    }
    credits.push({
      side: 'destination',
      accountAlias: fee.creditAccount,
      balanceKey: 'default',
      amount,
      description,
      ...(fee.routeTo ? { routeId: fee.routeTo } : {}),
    });
    applied.push({
      name,
      feeLabel: fee.feeLabel,
      amount,
      creditAccount: fee.creditAccount,
      isDeductibleFrom: fee.isDeductibleFrom,
      payer: fee.isDeductibleFrom ? receiver.accountAlias : payer.accountAlias,
    });
  }
  if (applied.length === 0) return unchanged;
  if (receiver.amount.lte(0)) {
    throw new DomainError(
      FeeErrors.FEES_EXCEED_AMOUNT,
      `The deductible fees of package ${pkg.feeGroupLabel} leave ${receiver.amount.toFixed()} for ${receiver.accountAlias}; it must be positive.`,
    );
  }
  const legs = [...sources, ...extraSources, receiver, ...destinations.slice(1), ...credits];
  return { package: pkg, waived: false, fees: applied, legs, total };
}

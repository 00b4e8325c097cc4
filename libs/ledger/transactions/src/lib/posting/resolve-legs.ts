import { DomainError } from '@finplat/platform';
import { Money, parseAmount } from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';

/** One `from` or `to` entry of a Midaz transaction body. */
export interface LegInput {
  accountAlias: string;
  balanceKey?: string;
  amount?: { asset?: string; value: unknown };
  share?: { percentage: unknown; percentageOfPercentage?: unknown };
  remaining?: string;
  description?: string;
  chartOfAccounts?: string;
  routeId?: string;
  metadata?: Record<string, unknown>;
}

export type Side = 'source' | 'destination';

export interface ResolvedLeg {
  side: Side;
  accountAlias: string;
  balanceKey: string;
  amount: Money;
  description?: string;
  chartOfAccounts?: string;
  /** The operation route the leg goes through (accounting routes). */
  routeId?: string;
  metadata?: Record<string, unknown>;
}

const HUNDRED = new Money(100);

function legError(side: Side, index: number, message: string): DomainError {
  const field = `send.${side === 'source' ? 'source.from' : 'distribute.to'}[${index}]`;
  return new DomainError(TransactionErrors.INVALID_LEG_TYPE, `${field}: ${message}`, {
    fields: { [field]: message },
  });
}

function percentage(value: unknown, side: Side, index: number, name: string): Money {
  const parsed = parseAmount(typeof value === 'number' ? String(value) : value);
  if (!parsed || parsed.lte(0) || parsed.gt(HUNDRED)) {
    throw legError(side, index, `share.${name} must be a number in (0, 100]`);
  }
  return parsed;
}

/**
 * Turns the legs of one side into exact amounts. Each leg has exactly one of `amount`,
 * `share` (percent of the total, optionally percent of that percent) or `remaining` (what the
 * other legs leave); the side must add up to `total` exactly, or the request fails with 0073.
 * Arithmetic is decimal and exact: no leg is rounded, so nothing is created or destroyed.
 */
export function resolveLegs(
  total: Money,
  asset: string,
  legs: LegInput[],
  side: Side,
): ResolvedLeg[] {
  let remainingIndex = -1;
  const resolved: (ResolvedLeg | undefined)[] = legs.map((leg, index) => {
    const kinds = [leg.amount !== undefined, leg.share !== undefined, leg.remaining !== undefined];
    if (kinds.filter(Boolean).length !== 1) {
      throw legError(side, index, 'needs exactly one of amount, share or remaining');
    }
    const base = {
      side,
      accountAlias: leg.accountAlias,
      balanceKey: leg.balanceKey ?? 'default',
      description: leg.description,
      chartOfAccounts: leg.chartOfAccounts,
      ...(leg.routeId ? { routeId: leg.routeId } : {}),
      metadata: leg.metadata,
    };
    if (leg.amount !== undefined) {
      if (leg.amount.asset !== undefined && leg.amount.asset !== asset) {
        throw legError(
          side,
          index,
          `amount.asset ${leg.amount.asset} differs from send.asset ${asset}`,
        );
      }
      const amount = parseAmount(leg.amount.value);
      if (!amount) throw legError(side, index, 'amount.value must be a decimal string');
      if (amount.lte(0)) {
        throw new DomainError(
          TransactionErrors.NON_POSITIVE_VALUE,
          `${side} leg ${index}: amount must be positive.`,
        );
      }
      return { ...base, amount };
    }
    if (leg.share !== undefined) {
      const pct = percentage(leg.share.percentage, side, index, 'percentage');
      const ofPct =
        leg.share.percentageOfPercentage === undefined || leg.share.percentageOfPercentage === 0
          ? HUNDRED
          : percentage(leg.share.percentageOfPercentage, side, index, 'percentageOfPercentage');
      return { ...base, amount: total.times(pct).div(HUNDRED).times(ofPct).div(HUNDRED) };
    }
    if (remainingIndex !== -1)
      throw legError(side, index, 'only one leg per side may take the remaining');
    remainingIndex = index;
    return undefined;
  });

  const explicit = resolved.reduce((sum, leg) => (leg ? sum.plus(leg.amount) : sum), new Money(0));
  if (remainingIndex !== -1) {
    const rest = total.minus(explicit);
    if (rest.lte(0)) {
      throw new DomainError(
        TransactionErrors.VALUE_MISMATCH,
        `The ${side} legs leave ${rest.toFixed()} for the remaining leg; it must be positive.`,
      );
    }
    const leg = legs[remainingIndex];
    resolved[remainingIndex] = {
      side,
      accountAlias: leg.accountAlias,
      balanceKey: leg.balanceKey ?? 'default',
      amount: rest,
      description: leg.description,
      chartOfAccounts: leg.chartOfAccounts,
      ...(leg.routeId ? { routeId: leg.routeId } : {}),
      metadata: leg.metadata,
    };
  } else if (!explicit.eq(total)) {
    throw new DomainError(
      TransactionErrors.VALUE_MISMATCH,
      `The ${side} legs add up to ${explicit.toFixed()}, not send.value ${total.toFixed()}.`,
    );
  }
  const final = resolved as ResolvedLeg[];
  const seen = new Set<string>();
  final.forEach((leg, index) => {
    const key = `${leg.accountAlias}#${leg.balanceKey}`;
    if (seen.has(key)) throw legError(side, index, `${key} appears twice on the ${side} side`);
    seen.add(key);
  });
  return final;
}

/** A balance may not be debited and credited by one transaction (Midaz 0090). */
export function assertDisjointSides(sources: ResolvedLeg[], destinations: ResolvedLeg[]): void {
  const sourceKeys = new Set(sources.map((l) => `${l.accountAlias}#${l.balanceKey}`));
  const clash = destinations.find((l) => sourceKeys.has(`${l.accountAlias}#${l.balanceKey}`));
  if (clash) {
    throw new DomainError(
      TransactionErrors.SAME_ACCOUNT_BOTH_SIDES,
      `${clash.accountAlias} (balance ${clash.balanceKey}) is both a source and a destination.`,
    );
  }
}

import { DomainError } from '@finplat/platform';
import { formatAmount, Money, OverdraftErrors } from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';
import { isExternal, type LegEffect, type LockedBalance } from './balance-effects';

/** A balance after one effect, and what its internal overdraft balance must record. */
export interface AppliedEffect {
  available: Money;
  onHold: Money;
  overdraftUsed: Money;
  /**
   * The companion movement on the account's `overdraft` balance: `debit` when the effect drew
   * on the overdraft (its debt grows), `credit` when it repaid some of it.
   */
  overdraft?: { direction: 'debit' | 'credit'; amount: Money };
}

const ZERO = new Money(0);

/**
 * Applies an effect under the overdraft rules (Midaz notes §2.5). Money coming in repays what
 * the balance owes first; a DEBIT past `available` on a balance that allows overdraft floors
 * `available` at zero and accrues the rest in `overdraftUsed`, up to the limit if one is set
 * (0167). Anything else below zero is insufficient funds (0018) — except on external accounts,
 * which may go negative unbounded. Holds and blocks never draw on an overdraft.
 */
export function applyEffect(balance: LockedBalance, effect: LegEffect): AppliedEffect {
  let available = balance.available.plus(effect.availableDelta);
  const onHold = balance.onHold.plus(effect.onHoldDelta);
  let overdraftUsed = balance.overdraftUsed;
  let overdraft: AppliedEffect['overdraft'];
  if (effect.availableDelta.gt(0) && overdraftUsed.gt(0)) {
    const repaid = Money.min(effect.availableDelta, overdraftUsed);
    overdraftUsed = overdraftUsed.minus(repaid);
    available = available.minus(repaid);
    overdraft = { direction: 'credit', amount: repaid };
  } else if (
    available.isNegative() &&
    effect.mayOverdraw &&
    balance.allowOverdraft &&
    !isExternal(balance)
  ) {
    const deficit = available.negated();
    overdraftUsed = overdraftUsed.plus(deficit);
    available = ZERO;
    if (balance.overdraftLimit && overdraftUsed.gt(balance.overdraftLimit)) {
      throw new DomainError(
        OverdraftErrors.OVERDRAFT_LIMIT_EXCEEDED,
        `${balance.alias} (balance ${balance.key}) would owe ${formatAmount(overdraftUsed)}, past its overdraft limit of ${formatAmount(balance.overdraftLimit)}.`,
      );
    }
    overdraft = { direction: 'debit', amount: deficit };
  }
  if (!isExternal(balance) && (available.isNegative() || onHold.isNegative())) {
    throw new DomainError(
      TransactionErrors.INSUFFICIENT_FUNDS,
      `Insufficient funds in ${balance.alias} (balance ${balance.key}).`,
    );
  }
  return { available, onHold, overdraftUsed, ...(overdraft ? { overdraft } : {}) };
}

/**
 * The internal overdraft balance is a debit-direction balance: a `debit` (new debt) raises
 * its available, a `credit` (repayment) lowers it. It never owes anything itself.
 */
export function applyOverdraftCompanion(
  companion: LockedBalance,
  movement: NonNullable<AppliedEffect['overdraft']>,
): Money {
  return movement.direction === 'debit'
    ? companion.available.plus(movement.amount)
    : companion.available.minus(movement.amount);
}

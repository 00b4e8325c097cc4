import { DomainError } from '@finplat/platform';
import { Money, OverdraftErrors } from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';
import type { Side } from './resolve-legs';

/**
 * The moments a leg touches a balance (Midaz's balance arithmetic table), plus blocking:
 * `block` and `unblock` move available funds between balances of one account.
 */
export type Phase = 'immediate' | 'hold' | 'commit' | 'release' | 'annotate' | 'block' | 'unblock';

export type OperationType =
  'DEBIT' | 'CREDIT' | 'ON_HOLD' | 'RELEASE' | 'BLOCK' | 'UNBLOCK' | 'OVERDRAFT';

/** A balance row as locked for a posting. Amounts are exact decimals, never numbers. */
export interface LockedBalance {
  id: string;
  ledgerId: string;
  accountId: string;
  alias: string;
  key: string;
  assetCode: string;
  available: Money;
  onHold: Money;
  version: bigint;
  accountType: string;
  allowSending: boolean;
  allowReceiving: boolean;
  blocked: boolean;
  direction: 'credit' | 'debit';
  scope: 'transactional' | 'internal';
  overdraftUsed: Money;
  allowOverdraft: boolean;
  /** Set only when the limit is enabled. */
  overdraftLimit: Money | null;
}

export interface LegEffect {
  type: OperationType;
  direction: 'debit' | 'credit';
  availableDelta: Money;
  onHoldDelta: Money;
  /** Only an immediate debit may draw on an overdraft. */
  mayOverdraw?: true;
}

const ZERO = new Money(0);

/**
 * What one leg does to its balance in one phase, or nothing (a pending transaction does not
 * touch its destinations until it is committed, and a cancel releases only its sources).
 */
export function effectOf(phase: Phase, side: Side, amount: Money): LegEffect | undefined {
  const negated = amount.negated();
  switch (phase) {
    case 'immediate':
      return side === 'source'
        ? {
            type: 'DEBIT',
            direction: 'debit',
            availableDelta: negated,
            onHoldDelta: ZERO,
            mayOverdraw: true,
          }
        : { type: 'CREDIT', direction: 'credit', availableDelta: amount, onHoldDelta: ZERO };
    case 'hold':
      return side === 'source'
        ? { type: 'ON_HOLD', direction: 'debit', availableDelta: negated, onHoldDelta: amount }
        : undefined;
    case 'commit':
      return side === 'source'
        ? { type: 'DEBIT', direction: 'debit', availableDelta: ZERO, onHoldDelta: negated }
        : { type: 'CREDIT', direction: 'credit', availableDelta: amount, onHoldDelta: ZERO };
    case 'release':
      return side === 'source'
        ? { type: 'RELEASE', direction: 'credit', availableDelta: amount, onHoldDelta: negated }
        : undefined;
    case 'block':
    case 'unblock': {
      const type = phase === 'block' ? 'BLOCK' : 'UNBLOCK';
      return side === 'source'
        ? { type, direction: 'debit', availableDelta: negated, onHoldDelta: ZERO }
        : { type, direction: 'credit', availableDelta: amount, onHoldDelta: ZERO };
    }
    case 'annotate':
      return side === 'source'
        ? { type: 'DEBIT', direction: 'debit', availableDelta: ZERO, onHoldDelta: ZERO }
        : { type: 'CREDIT', direction: 'credit', availableDelta: ZERO, onHoldDelta: ZERO };
    default:
      throw new Error(`Unknown phase ${String(phase)}`);
  }
}

/**
 * With route validation, a hold and a cancel are booked as two single-field operations (pure
 * double entry, Midaz's SplitDoubleEntryOps): hold = DEBIT of available + ON_HOLD credit of
 * on-hold; cancel = RELEASE debit of on-hold + CREDIT of available.
 */
export function splitEffects(phase: 'hold' | 'release', amount: Money): LegEffect[] {
  const negated = amount.negated();
  return phase === 'hold'
    ? [
        { type: 'DEBIT', direction: 'debit', availableDelta: negated, onHoldDelta: ZERO },
        { type: 'ON_HOLD', direction: 'credit', availableDelta: ZERO, onHoldDelta: amount },
      ]
    : [
        { type: 'RELEASE', direction: 'debit', availableDelta: ZERO, onHoldDelta: negated },
        { type: 'CREDIT', direction: 'credit', availableDelta: amount, onHoldDelta: ZERO },
      ];
}

export const isExternal = (balance: Pick<LockedBalance, 'accountType'>) =>
  balance.accountType === 'external';

/**
 * The checks a leg must pass before it moves money: right asset, account not blocked,
 * sending/receiving allowed. Settling an existing hold (commit, release) moves money the
 * source already gave up, so only new movements are checked against the flags.
 */
export function assertLegAllowed(
  balance: LockedBalance,
  side: Side,
  phase: Phase,
  asset: string,
): void {
  if (balance.scope === 'internal') {
    throw new DomainError(
      OverdraftErrors.INTERNAL_BALANCE_OPERATION,
      `Balance ${balance.key} of ${balance.alias} is internal to the ledger; transactions cannot name it.`,
    );
  }
  if (balance.assetCode !== asset) {
    throw new DomainError(
      TransactionErrors.ACCOUNT_INELIGIBLE,
      `${balance.alias} holds ${balance.assetCode}, not ${asset}.`,
    );
  }
  if (phase === 'annotate' || (side === 'source' && (phase === 'commit' || phase === 'release')))
    return;
  if (balance.blocked) {
    throw new DomainError(
      TransactionErrors.ACCOUNT_RESTRICTED,
      `Account ${balance.alias} is blocked.`,
    );
  }
  if (isExternal(balance) && (phase === 'block' || phase === 'unblock')) {
    throw new DomainError(
      TransactionErrors.ACCOUNT_INELIGIBLE,
      `External account ${balance.alias} holds no funds of its own to block or unblock.`,
    );
  }
  // A balance that holds blocked funds refuses sending; unblocking is how they leave it.
  if (side === 'source' && !balance.allowSending && phase !== 'unblock') {
    throw new DomainError(
      TransactionErrors.ACCOUNT_RESTRICTED,
      `Balance ${balance.key} of ${balance.alias} does not allow sending.`,
    );
  }
  if (side === 'destination' && !balance.allowReceiving) {
    throw new DomainError(
      TransactionErrors.ACCOUNT_RESTRICTED,
      `Balance ${balance.key} of ${balance.alias} does not allow receiving.`,
    );
  }
  if (side === 'source' && phase === 'hold' && isExternal(balance)) {
    throw new DomainError(
      TransactionErrors.EXTERNAL_PENDING_SOURCE,
      `External account ${balance.alias} cannot be the source of a pending transaction.`,
    );
  }
}

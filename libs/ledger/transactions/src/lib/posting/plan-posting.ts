import { DomainError, newId } from '@finplat/platform';
import { LedgerErrors } from '@finplat/ledger-domain';
import {
  applyEffect,
  assertLegAllowed,
  effectOf,
  type LockedBalance,
  type Phase,
} from './balance-effects';
import type { OperationRecord, TransactionRecord, TransactionStatus } from './posting.records';
import { balanceRefKey } from './posting.repository';
import type { ResolvedLeg } from './resolve-legs';

/** One leg of a transaction at one moment of its life (posted, held, committed, released). */
export interface Step {
  leg: Pick<
    ResolvedLeg,
    | 'side'
    | 'accountAlias'
    | 'balanceKey'
    | 'amount'
    | 'description'
    | 'chartOfAccounts'
    | 'metadata'
  >;
  phase: Phase;
}

export interface PostingPlan {
  operations: OperationRecord[];
  /** The balances as this transaction leaves them (each one once, at its last state). */
  changed: LockedBalance[];
}

/**
 * Checks every rule of a transaction's steps against the locked balances and computes its
 * operations (balance before and after) and the balances it leaves behind. Pure: `balances`
 * is not touched, so a rejected transaction leaves no trace and the next one of a batch
 * starts from the same state. Throws a DomainError on the first rule broken.
 */
export function planPosting(
  balances: ReadonlyMap<string, LockedBalance>,
  tx: Pick<TransactionRecord, 'id' | 'organizationId' | 'ledgerId' | 'assetCode'>,
  steps: Step[],
  status: TransactionStatus,
  now: Date,
): PostingPlan {
  const touched = new Map<string, LockedBalance>();
  const operations: OperationRecord[] = [];
  for (const { leg, phase } of steps) {
    const ref = balanceRefKey({
      ledgerId: tx.ledgerId,
      alias: leg.accountAlias,
      key: leg.balanceKey,
    });
    const balance = touched.get(ref) ?? balances.get(ref);
    if (!balance) {
      throw new DomainError(
        LedgerErrors.ACCOUNT_ALIAS_NOT_FOUND,
        `No balance ${leg.balanceKey} of an account with alias ${leg.accountAlias} exists in this ledger.`,
        { fields: { accountAlias: leg.accountAlias } },
      );
    }
    assertLegAllowed(balance, leg.side, phase, tx.assetCode);
    const effect = effectOf(phase, leg.side, leg.amount);
    if (!effect) continue;
    const affected = phase !== 'annotate';
    const after = affected ? applyEffect(balance, effect) : balance;
    const versionAfter = affected ? balance.version + 1n : balance.version;
    operations.push({
      id: newId(),
      transactionId: tx.id,
      organizationId: tx.organizationId,
      ledgerId: tx.ledgerId,
      accountId: balance.accountId,
      accountAlias: balance.alias,
      balanceId: balance.id,
      balanceKey: balance.key,
      type: effect.type,
      direction: effect.direction,
      assetCode: tx.assetCode,
      amount: leg.amount,
      availableBefore: balance.available,
      onHoldBefore: balance.onHold,
      versionBefore: balance.version,
      availableAfter: after.available,
      onHoldAfter: after.onHold,
      versionAfter,
      balanceAffected: affected,
      status,
      description: leg.description ?? null,
      chartOfAccounts: leg.chartOfAccounts ?? null,
      metadata: leg.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    });
    if (affected) {
      touched.set(ref, {
        ...balance,
        available: after.available,
        onHold: after.onHold,
        version: versionAfter,
      });
    }
  }
  return { operations, changed: [...touched.values()] };
}

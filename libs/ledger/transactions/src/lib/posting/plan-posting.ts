import { DomainError, newId } from '@finplat/platform';
import { LedgerErrors, OVERDRAFT_BALANCE_KEY } from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';
import type { PostingRoute, Routing } from '../routes/apply-routes';
import { RouteErrors } from '../routes/route.errors';
import {
  assertLegAllowed,
  effectOf,
  splitEffects,
  type LegEffect,
  type LockedBalance,
  type Phase,
} from './balance-effects';
import { applyEffect, applyOverdraftCompanion, type AppliedEffect } from './overdraft';
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
  /** The operation route the leg goes through, if any. */
  route?: PostingRoute;
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
  routing?: Routing,
): PostingPlan {
  const touched = new Map<string, LockedBalance>();
  const operations: OperationRecord[] = [];
  const current = (ref: string) => touched.get(ref) ?? balances.get(ref);
  const record = (
    balance: LockedBalance,
    op: Pick<
      OperationRecord,
      | 'type'
      | 'direction'
      | 'amount'
      | 'description'
      | 'chartOfAccounts'
      | 'metadata'
      | 'routeId'
      | 'routeCode'
      | 'routeDescription'
    >,
    after: Pick<LockedBalance, 'available' | 'onHold' | 'overdraftUsed'>,
    affected: boolean,
  ): LockedBalance => {
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
      ...op,
      assetCode: tx.assetCode,
      availableBefore: balance.available,
      onHoldBefore: balance.onHold,
      overdraftUsedBefore: balance.overdraftUsed,
      versionBefore: balance.version,
      availableAfter: after.available,
      onHoldAfter: after.onHold,
      overdraftUsedAfter: after.overdraftUsed,
      versionAfter,
      balanceAffected: affected,
      status,
      createdAt: now,
      updatedAt: now,
    });
    return { ...balance, ...after, version: versionAfter };
  };
  for (const { leg, phase, route } of steps) {
    const ref = balanceRefKey({
      ledgerId: tx.ledgerId,
      alias: leg.accountAlias,
      key: leg.balanceKey,
    });
    const balance = current(ref);
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
    const effects: LegEffect[] =
      routing?.strict && leg.side === 'source' && (phase === 'hold' || phase === 'release')
        ? splitEffects(phase, leg.amount)
        : [effect];
    const entry = routing && route ? route.accountingEntries[routing.action] : undefined;
    const routeFields = {
      routeId: route?.id ?? null,
      routeCode: route?.code ?? null,
      routeDescription: route?.description ?? null,
    };
    let state = balance;
    let movement: AppliedEffect['overdraft'];
    for (const part of effects) {
      const applied: AppliedEffect = affected ? applyEffect(state, part) : state;
      state = record(
        state,
        {
          type: part.type,
          direction: part.direction,
          amount: leg.amount,
          description: leg.description ?? null,
          // The route's chart-of-accounts code for this action and side, else the leg's own.
          chartOfAccounts: entry?.[part.direction]?.code ?? leg.chartOfAccounts ?? null,
          metadata: leg.metadata ?? {},
          ...routeFields,
        },
        applied,
        affected,
      );
      if (applied.overdraft) movement = applied.overdraft;
    }
    if (affected) touched.set(ref, state);
    if (!movement) continue;
    // The account's internal overdraft balance records the debt taken or repaid.
    const companionRef = balanceRefKey({
      ledgerId: tx.ledgerId,
      alias: balance.alias,
      key: OVERDRAFT_BALANCE_KEY,
    });
    const companion = current(companionRef);
    if (!companion) {
      throw new DomainError(
        TransactionErrors.INSUFFICIENT_FUNDS,
        `${balance.alias} has no ${OVERDRAFT_BALANCE_KEY} balance to carry its overdraft.`,
      );
    }
    const overdraftCode = route?.accountingEntries.overdraft?.[movement.direction]?.code;
    if (routing?.strict && !overdraftCode) {
      throw new DomainError(
        RouteErrors.OVERDRAFT_ROUTE_NOT_CONFIGURED,
        `This ledger validates routes: the route of ${balance.alias} needs an overdraft ${movement.direction} entry to ${movement.direction === 'debit' ? 'draw on' : 'repay'} its overdraft.`,
      );
    }
    const companionAfter = record(
      companion,
      {
        type: 'OVERDRAFT',
        direction: movement.direction,
        amount: movement.amount,
        description: null,
        chartOfAccounts: overdraftCode ?? leg.chartOfAccounts ?? null,
        metadata: {},
        ...routeFields,
      },
      {
        available: applyOverdraftCompanion(companion, movement),
        onHold: companion.onHold,
        overdraftUsed: companion.overdraftUsed,
      },
      true,
    );
    touched.set(companionRef, companionAfter);
  }
  return { operations, changed: [...touched.values()] };
}

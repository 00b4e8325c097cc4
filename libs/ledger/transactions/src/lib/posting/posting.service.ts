import { Injectable } from '@nestjs/common';
import { entityNotFound, LedgerErrors, type Metadata } from '@finplat/ledger-onboarding';
import { DomainError, newId } from '@finplat/platform';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { Money } from '@finplat/ledger-onboarding';
import { pgErrorCode, retryOnContention } from '../common/retry';
import { TransactionErrors } from '../common/transaction.errors';
import { OutboxSignal } from '../events/outbox-signal';
import { transactionEvent } from '../events/transaction-event';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import {
  toTransactionResponse,
  type StoredBody,
  type StoredLeg,
  type TransactionResponse,
} from '../transactions/transaction.response';
import {
  applyEffect,
  assertLegAllowed,
  effectOf,
  type LockedBalance,
  type Phase,
} from './balance-effects';
import type {
  OperationRecord,
  TransactionKind,
  TransactionRecord,
  TransactionStatus,
} from './posting.records';
import { PostingRepository, type BalanceUpdate } from './posting.repository';
import type { ResolvedLeg, Side } from './resolve-legs';

export interface PostingRequest {
  organizationId: string;
  ledgerId: string;
  kind: TransactionKind;
  pending: boolean;
  asset: string;
  total: Money;
  legs: ResolvedLeg[];
  description?: string;
  chartOfAccountsGroupName?: string;
  route?: string;
  metadata: Metadata;
  transactionDate?: Date;
  parentTransactionId?: string;
  request: unknown;
}

export interface IdempotencyOptions {
  key: string;
  requestHash: string;
  ttlSec: number;
}

export interface PostingResult {
  transaction: TransactionResponse;
  replayed: boolean;
}

interface Step {
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

const transactionNotFound = (id: string) => entityNotFound('Transaction', id);

const toStoredLeg = (leg: ResolvedLeg): StoredLeg => ({
  side: leg.side,
  accountAlias: leg.accountAlias,
  balanceKey: leg.balanceKey,
  amount: leg.amount.toFixed(),
  ...(leg.description ? { description: leg.description } : {}),
  ...(leg.chartOfAccounts ? { chartOfAccounts: leg.chartOfAccounts } : {}),
  ...(leg.metadata ? { metadata: leg.metadata } : {}),
});

const fromStoredLeg = (leg: StoredLeg): ResolvedLeg => ({ ...leg, amount: new Money(leg.amount) });

/**
 * The posting engine: every money movement of the ledger goes through here, in one database
 * transaction per request. Balances are locked in a fixed order, checked and changed in
 * memory, and written with the transaction, its operations and the idempotency record in a
 * single statement; deadlocks and serialization failures are retried.
 */
@Injectable()
export class PostingService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: PostingRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly outbox: OutboxSignal,
  ) {}

  /** Once the posting has committed, its outbox event can go out at once. */
  private async nudging<T>(work: Promise<T>): Promise<T> {
    const tenantId = TenantContext.currentOrUndefined()?.tenantId;
    const result = await work;
    if (tenantId) this.outbox.notify(tenantId);
    return result;
  }

  post(request: PostingRequest, idempotency?: IdempotencyOptions): Promise<PostingResult> {
    return this.nudging(this.postUnsignalled(request, idempotency));
  }

  private postUnsignalled(
    request: PostingRequest,
    idempotency?: IdempotencyOptions,
  ): Promise<PostingResult> {
    return retryOnContention(() =>
      this.db.transaction(async (m) => {
        await this.assertLedger(m, request.organizationId, request.ledgerId);
        if (idempotency) {
          const claim = await this.idempotency.claim(m, {
            ledgerId: request.ledgerId,
            ...idempotency,
          });
          if (!claim.claimed) {
            if (!claim.response) {
              throw new DomainError(
                TransactionErrors.IDEMPOTENCY_KEY_IN_USE,
                `A request with idempotency key ${idempotency.key} is still being processed.`,
              );
            }
            return { transaction: claim.response as TransactionResponse, replayed: true };
          }
        }
        const transaction = await this.postInside(m, request, idempotency?.key);
        return { transaction, replayed: false };
      }),
    );
  }

  commit(organizationId: string, ledgerId: string, id: string): Promise<TransactionResponse> {
    return this.settle(organizationId, ledgerId, id, 'commit');
  }

  cancel(organizationId: string, ledgerId: string, id: string): Promise<TransactionResponse> {
    return this.settle(organizationId, ledgerId, id, 'release');
  }

  revert(organizationId: string, ledgerId: string, id: string): Promise<TransactionResponse> {
    return this.nudging(this.revertUnsignalled(organizationId, ledgerId, id));
  }

  private revertUnsignalled(
    organizationId: string,
    ledgerId: string,
    id: string,
  ): Promise<TransactionResponse> {
    return retryOnContention(() =>
      this.db.transaction(async (m) => {
        await this.assertLedger(m, organizationId, ledgerId);
        const original = await this.repository.findTransaction(m, ledgerId, id, 'wait');
        if (!original) throw transactionNotFound(id);
        if (original.parentTransactionId) {
          throw new DomainError(
            TransactionErrors.IS_A_REVERT,
            `Transaction ${id} is itself a revert.`,
          );
        }
        if (original.status !== 'APPROVED') {
          throw new DomainError(
            TransactionErrors.CANNOT_REVERT,
            `Transaction ${id} is ${original.status}; only approved transactions can be reverted.`,
          );
        }
        if (await this.repository.hasRevert(m, id)) {
          throw new DomainError(
            TransactionErrors.ALREADY_REVERTED,
            `Transaction ${id} was already reverted.`,
          );
        }
        const legs = (original.body as StoredBody).legs.map((leg) => ({
          ...fromStoredLeg(leg),
          side: (leg.side === 'source' ? 'destination' : 'source') as Side,
        }));
        return this.postInside(m, {
          organizationId,
          ledgerId,
          kind: 'revert',
          pending: false,
          asset: original.assetCode,
          total: original.amount,
          legs,
          description: `Revert of transaction ${id}`,
          chartOfAccountsGroupName: original.chartOfAccountsGroupName ?? undefined,
          metadata: {},
          parentTransactionId: id,
          request: { revertOf: id },
        });
      }),
    );
  }

  private settle(
    organizationId: string,
    ledgerId: string,
    id: string,
    phase: 'commit' | 'release',
  ): Promise<TransactionResponse> {
    return this.nudging(this.settleUnsignalled(organizationId, ledgerId, id, phase));
  }

  private settleUnsignalled(
    organizationId: string,
    ledgerId: string,
    id: string,
    phase: 'commit' | 'release',
  ): Promise<TransactionResponse> {
    return retryOnContention(() =>
      this.db.transaction(async (m) => {
        await this.assertLedger(m, organizationId, ledgerId);
        const tx = await this.repository
          .findTransaction(m, ledgerId, id, 'nowait')
          .catch((error: unknown) => {
            if (pgErrorCode(error) === '55P03') {
              throw new DomainError(
                TransactionErrors.PENDING_LOCKED,
                `Transaction ${id} is being committed or canceled by another request.`,
              );
            }
            throw error;
          });
        if (!tx) throw transactionNotFound(id);
        if (tx.status !== 'PENDING') {
          throw new DomainError(
            TransactionErrors.STATUS_FORBIDS_ACTION,
            `Transaction ${id} is ${tx.status}; only pending transactions can be ${phase === 'commit' ? 'committed' : 'canceled'}.`,
          );
        }
        const status: TransactionStatus = phase === 'commit' ? 'APPROVED' : 'CANCELED';
        const legs = (tx.body as StoredBody).legs.map(fromStoredLeg);
        const steps = legs
          .filter((leg) => phase === 'commit' || leg.side === 'source')
          .map((leg) => ({ leg, phase }));
        const now = new Date();
        const { operations, balances } = await this.apply(m, ledgerId, tx, steps, status, now);
        await this.repository.write(m, {
          balances,
          transaction: { update: { id, status, updatedAt: now } },
          operations,
          event: transactionEvent(
            phase === 'commit' ? 'transaction.committed' : 'transaction.canceled',
            { ...tx, status },
            operations,
            now,
          ),
        });
        const all = await this.repository.findOperations(m, [id]);
        return toTransactionResponse({ ...tx, status, updatedAt: now }, all);
      }),
    );
  }

  private async postInside(
    m: EntityManager,
    request: PostingRequest,
    idempotencyKey?: string,
  ): Promise<TransactionResponse> {
    const now = new Date();
    const status: TransactionStatus =
      request.kind === 'annotation' ? 'NOTED' : request.pending ? 'PENDING' : 'APPROVED';
    const phase: Phase =
      request.kind === 'annotation' ? 'annotate' : request.pending ? 'hold' : 'immediate';
    const body: StoredBody = { request: request.request, legs: request.legs.map(toStoredLeg) };
    const tx: TransactionRecord = {
      id: newId(),
      parentTransactionId: request.parentTransactionId ?? null,
      organizationId: request.organizationId,
      ledgerId: request.ledgerId,
      description: request.description ?? null,
      kind: request.kind,
      status,
      statusDescription: null,
      amount: request.total,
      assetCode: request.asset,
      chartOfAccountsGroupName: request.chartOfAccountsGroupName ?? null,
      route: request.route ?? null,
      pending: request.pending,
      body,
      metadata: request.metadata,
      transactionDate: request.transactionDate ?? now,
      createdAt: now,
      updatedAt: now,
    };
    const steps = request.legs.map((leg) => ({ leg, phase }));
    const { operations, balances } = await this.apply(m, request.ledgerId, tx, steps, status, now);
    const response = toTransactionResponse(tx, operations);
    await this.repository.write(m, {
      balances,
      transaction: { insert: tx },
      operations,
      idempotency: idempotencyKey
        ? { ledgerId: request.ledgerId, key: idempotencyKey, response, transactionId: tx.id }
        : undefined,
      event: transactionEvent(
        request.kind === 'revert' ? 'transaction.reverted' : 'transaction.created',
        tx,
        operations,
        now,
      ),
    });
    return response;
  }

  /**
   * Locks the balances the steps touch, checks every rule, and computes the new balances and
   * the operations (balance before and after). Throws before anything is written.
   */
  private async apply(
    m: EntityManager,
    ledgerId: string,
    tx: TransactionRecord,
    steps: Step[],
    status: TransactionStatus,
    now: Date,
  ): Promise<{ operations: OperationRecord[]; balances: BalanceUpdate[] }> {
    const keys = steps.map(({ leg }) => ({ alias: leg.accountAlias, key: leg.balanceKey }));
    const affectsBalances = steps.some(({ phase }) => phase !== 'annotate');
    const locked = await this.repository.lockBalances(m, ledgerId, keys, { lock: affectsBalances });
    const byKey = new Map<string, LockedBalance>(locked.map((b) => [`${b.alias}#${b.key}`, b]));
    const operations: OperationRecord[] = [];
    const balances: BalanceUpdate[] = [];
    for (const { leg, phase } of steps) {
      const balance = byKey.get(`${leg.accountAlias}#${leg.balanceKey}`);
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
      const after = phase === 'annotate' ? balance : applyEffect(balance, effect);
      const affected = phase !== 'annotate';
      const versionAfter = affected ? balance.version + 1n : balance.version;
      operations.push({
        id: newId(),
        transactionId: tx.id,
        organizationId: tx.organizationId,
        ledgerId,
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
        balances.push({ id: balance.id, available: after.available, onHold: after.onHold });
        byKey.set(`${balance.alias}#${balance.key}`, {
          ...balance,
          ...after,
          version: versionAfter,
        });
      }
    }
    return { operations, balances };
  }

  private async assertLedger(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
  ): Promise<void> {
    const [row] = (await m.query(
      `SELECT (SELECT count(*) FROM organization WHERE id = $1 AND deleted_at IS NULL)::int AS org,
              (SELECT count(*) FROM ledger WHERE id = $2 AND organization_id = $1 AND deleted_at IS NULL)::int AS ledger`,
      [organizationId, ledgerId],
    )) as { org: number; ledger: number }[];
    if (!row.org) throw entityNotFound('Organization', organizationId);
    if (!row.ledger) throw entityNotFound('Ledger', ledgerId);
  }
}

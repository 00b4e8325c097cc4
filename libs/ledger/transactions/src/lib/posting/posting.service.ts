import { Inject, Injectable, Optional } from '@nestjs/common';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { DomainError, newId } from '@finplat/platform';
import { OutboxWriter, TenantGroupCommit, type Settled } from '@finplat/messaging';
import { TenantContext, TenantDb, type SqlStatements } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import {
  entityNotFound,
  idempotencyKeyInUse,
  idempotencyKeyReused,
  ledgerSettingsOf,
  Money,
  resolveSkips,
  type IdempotencyOptions,
  type LedgerSettings,
  type Metadata,
  type SkipRequest,
} from '@finplat/ledger-domain';
import { pgErrorCode, retryOnContention } from '../common/retry';
import { TransactionErrors } from '../common/transaction.errors';
import { transactionEvent } from '../events/transaction-event';
import {
  toTransactionResponse,
  type StoredBody,
  type StoredLeg,
  type TransactionResponse,
} from '../transactions/transaction.response';
import type { LockedBalance, Phase } from './balance-effects';
import { actionOf, routeLegs, type RouteCatalog } from '../routes/apply-routes';
import { planPosting } from './plan-posting';
import { PostingMetrics } from './posting.metrics';
import type {
  TransactionKind,
  TransactionRecord,
  TransactionStatus,
  OperationRecord,
} from './posting.records';
import {
  balanceRefKey,
  idempotencyRefKey,
  PostingRepository,
  type BalanceRef,
  type BalanceUpdate,
  type IdempotencyWrite,
  type LedgerCheck,
} from './posting.repository';
import type { ResolvedLeg, Side } from './resolve-legs';
import { LedgerTracer } from '../tracer/ledger-tracer.service';
import { FeeLedgers, FeePackagesFound, inFeeRange } from '../fees/fee-ledgers';
import {
  consultsTracer,
  TracerConsultNeeded,
  tracerEffect,
  type Consultation,
  type TracerEffect,
} from '../tracer/tracer-consult';
import { TracerConsultErrors, TRACER_RETRY_AFTER_SEC } from '../tracer/tracer.errors';

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
  /** The transaction route (accounting routes). */
  routeId?: string;
  /** What the request asks to skip; honoured only where the ledger's settings allow it. */
  skip?: SkipRequest;
  request: unknown;
  /** The transaction's id, when it had to be known before its batch (to consult the tracer). */
  id?: string;
  /** The caller's Authorization header, forwarded to the tracer (never stored). */
  authorization?: string;
  /** What the tracer answered, when the ledger consults it. */
  tracer?: Consultation;
  /**
   * The fee packages of its ledger were not looked up: should its batch find one whose range
   * holds the total, the posting comes back unwritten (FeePackagesFound, decision 0063).
   */
  feesUnchecked?: boolean;
}

export type { IdempotencyOptions } from '@finplat/ledger-domain';

export interface PostingResult {
  transaction: TransactionResponse;
  replayed: boolean;
}

export interface PostingOptions {
  /** Most postings written together in one database transaction (group commit). */
  batchSize: number;
  /** Most posting batches of one tenant written at the same time. */
  batchesInFlight: number;
}

export const POSTING_OPTIONS = Symbol('POSTING_OPTIONS');

export const DEFAULT_POSTING_OPTIONS: PostingOptions = { batchSize: 64, batchesInFlight: 2 };

interface QueuedPosting {
  request: PostingRequest;
  idempotency?: IdempotencyOptions;
}

/** A posting that passed every rule, ready to be written with the rest of its batch. */
interface Draft {
  transaction: TransactionRecord;
  operations: OperationRecord[];
  response: TransactionResponse;
  event: LedgerTransactionEvent;
}

const transactionNotFound = (id: string) => entityNotFound('Transaction', id);

const toStoredLeg = (leg: ResolvedLeg): StoredLeg => ({
  side: leg.side,
  accountAlias: leg.accountAlias,
  balanceKey: leg.balanceKey,
  amount: leg.amount.toFixed(),
  ...(leg.description ? { description: leg.description } : {}),
  ...(leg.chartOfAccounts ? { chartOfAccounts: leg.chartOfAccounts } : {}),
  ...(leg.routeId ? { routeId: leg.routeId } : {}),
  ...(leg.metadata ? { metadata: leg.metadata } : {}),
});

const fromStoredLeg = (leg: StoredLeg): ResolvedLeg => ({ ...leg, amount: new Money(leg.amount) });

/** The rows to write: each changed balance at its final state, guarded by the version read. */
function balanceUpdates(read: LockedBalance[], final: Iterable<LockedBalance>): BalanceUpdate[] {
  const readVersion = new Map(read.map((b) => [b.id, b.version]));
  return [...final].map((b) => ({
    id: b.id,
    available: b.available,
    onHold: b.onHold,
    overdraftUsed: b.overdraftUsed,
    version: b.version,
    expectedVersion: readVersion.get(b.id) ?? b.version,
  }));
}

/**
 * The posting engine: every money movement of the ledger goes through here. Balances are
 * read, checked and changed in memory, then written — locked in a fixed order — with the
 * transactions, their operations, the idempotency records and the outbox events in a single
 * statement; lost races (a balance moved meanwhile, deadlocks, serialization failures) are
 * retried.
 *
 * New postings are group-committed: those that arrive while a tenant's previous batch is
 * being written go together in the next database transaction (decision 0011). Each posting
 * of a batch is still checked on its own, against the balances its predecessors in the
 * batch left, and one that breaks a rule is answered with its error without touching the
 * others.
 */
@Injectable()
export class PostingService {
  private readonly groupCommit: TenantGroupCommit<QueuedPosting, PostingResult>;
  private readonly retryOptions = { onRetry: (code: string) => this.metrics.retried(code) };

  constructor(
    private readonly db: TenantDb,
    private readonly repository: PostingRepository,
    private readonly outbox: OutboxWriter,
    private readonly metrics: PostingMetrics,
    private readonly tracer: LedgerTracer,
    private readonly feeLedgers: FeeLedgers,
    @Optional() @Inject(POSTING_OPTIONS) options: PostingOptions = DEFAULT_POSTING_OPTIONS,
  ) {
    this.groupCommit = new TenantGroupCommit((items) => this.postBatch(items), {
      maxBatchSize: options.batchSize,
      maxInFlight: options.batchesInFlight,
    });
  }

  /** Once the posting has committed, its outbox event can go out at once. */
  private async nudging<T>(work: Promise<T>): Promise<T> {
    const tenantId = TenantContext.currentOrUndefined()?.tenantId;
    const result = await work;
    this.outbox.committed(tenantId);
    return result;
  }

  /**
   * Posts a new transaction. A ledger that consults the tracer (decision 0027) has it asked
   * first, outside any database transaction, then posted with the answer; its holds are
   * confirmed once it commits and released if it does not. A ledger not known to consult it
   * posts at once; should its batch find that it does, the posting comes back unwritten, is
   * consulted and posted again — so mode `off` costs nothing.
   */
  async post(request: PostingRequest, idempotency?: IdempotencyOptions): Promise<PostingResult> {
    if (!consultsTracer(request.kind) || request.skip?.tracer === true) {
      return this.submit(request, idempotency);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.postConsulting(request, idempotency);
      } catch (error) {
        if (!(error instanceof TracerConsultNeeded)) throw error;
        // Its settings changed between the consult's read and the batch's, again and again.
        if (attempt === 3) {
          throw new DomainError(
            TracerConsultErrors.UNAVAILABLE,
            "The ledger's tracer settings kept changing while the transaction was posted; nothing was posted. Retry.",
            { retryAfterSec: TRACER_RETRY_AFTER_SEC },
          );
        }
        this.tracer.learn(request.ledgerId, error.settings);
      }
    }
  }

  /** Posts with a consultation first when the ledger is known to consult the tracer. */
  private async postConsulting(
    request: PostingRequest,
    idempotency?: IdempotencyOptions,
  ): Promise<PostingResult> {
    if (!this.tracer.consults(request.ledgerId)) return this.submit(request, idempotency);
    const id = request.id ?? newId();
    const consultation = await this.tracer.consult({
      transactionId: id,
      ledgerId: request.ledgerId,
      kind: request.kind,
      amount: request.total.toFixed(),
      asset: request.asset,
      pending: request.pending,
      legs: request.legs,
      metadata: request.metadata,
      authorization: request.authorization,
    });
    // The ledger stopped consulting the tracer (or is gone): its batch decides as usual.
    if (!consultation) return this.submit(request, idempotency);
    const held = consultation.outcome === 'decided' && consultation.reservationIds.length > 0;
    try {
      const result = await this.submit({ ...request, id, tracer: consultation }, idempotency);
      if (held) {
        const posted = !result.replayed && result.transaction.id === id;
        // A pending transaction keeps its holds until it is committed or canceled.
        if (!posted) this.tracer.settle(id, 'release', request.authorization);
        else if (result.transaction.status.code !== 'PENDING') {
          this.tracer.settle(id, 'confirm', request.authorization);
        }
      }
      return result;
    } catch (error) {
      if (held) this.tracer.settle(id, 'release', request.authorization);
      throw error;
    }
  }

  private submit(
    request: PostingRequest,
    idempotency?: IdempotencyOptions,
  ): Promise<PostingResult> {
    // Batches go to one database or schema: the lane is the current tenant's placement.
    const { ledgerId } = request;
    return this.groupCommit.submit(
      { request, idempotency },
      {
        // Batches in flight together never touch the same balance, so the optimistic first
        // attempt of each only loses races against other instances.
        resources: balanceRefsOf(ledgerId, request.legs).map(balanceRefKey),
        dedupeKey: idempotency ? idempotencyRefKey({ ledgerId, key: idempotency.key }) : undefined,
      },
    );
  }

  /** Runs in the tenant context of the batch's lane (TenantGroupCommit). */
  private async postBatch(items: QueuedPosting[]): Promise<Settled<PostingResult>[]> {
    this.metrics.batchWritten(items.length);
    try {
      return await this.nudging(this.writeBatch(items));
    } catch (error) {
      if (items.length === 1 || error instanceof DomainError) throw error;
      // Something no rule foresaw (a constraint, a value PostgreSQL refuses) failed the
      // whole batch: post each one alone, so only the culprit gets the error.
      const outcomes: Settled<PostingResult>[] = [];
      for (const item of items) {
        outcomes.push(
          await this.nudging(this.writeBatch([item])).then(
            ([outcome]) => outcome,
            (e: unknown) => ({ ok: false as const, error: e }),
          ),
        );
      }
      return outcomes;
    }
  }

  /**
   * Writes a batch of new postings and answers each one, in order. The first attempt is
   * optimistic: one statement reads (no locks, no transaction), one statement writes —
   * taking the balance locks in id order and writing nothing if any balance changed in
   * between (PostingConflict). Only if it loses such a race is the batch retried the
   * pessimistic way: in a transaction that locks the balances while reading them (decision
   * 0011).
   */
  private writeBatch(items: QueuedPosting[]): Promise<Settled<PostingResult>[]> {
    return retryOnContention(
      (attempt) =>
        attempt === 1
          ? this.db.statements((m) => this.writeBatchWith(m, items, false))
          : this.db.transaction((m) => this.writeBatchWith(m, items, true)),
      this.retryOptions,
    );
  }

  private async writeBatchWith(
    m: SqlStatements,
    items: QueuedPosting[],
    lock: boolean,
  ): Promise<Settled<PostingResult>[]> {
    const keyOf = ({ request, idempotency }: QueuedPosting) =>
      idempotency ? { ledgerId: request.ledgerId, key: idempotency.key } : undefined;
    const read = await this.repository.read(m, {
      ledgers: uniqueBy(
        items.map(({ request }) => ({
          organizationId: request.organizationId,
          ledgerId: request.ledgerId,
        })),
        ledgerPairKey,
      ),
      keys: items.flatMap((item) => keyOf(item) ?? []),
      balances: uniqueBy(
        items.flatMap(({ request }) => balanceRefsOf(request.ledgerId, request.legs)),
        balanceRefKey,
      ),
      ...routeIdsOf(items.map(({ request }) => request)),
      lock: lock && items.some(({ request }) => request.kind !== 'annotation'),
    });
    const checks = new Map(read.checks.map((c) => [ledgerPairKey(c), c]));
    for (const check of read.checks) this.feeLedgers.learn(check.ledgerId, check.feeRanges);
    const working = new Map(read.balances.map((b) => [balanceRefKey(b), b]));
    const changed = new Set<string>();
    const drafts: Draft[] = [];
    const idempotency: IdempotencyWrite[] = [];
    const now = new Date();
    const outcomes = items.map((item): Settled<PostingResult> => {
      const { request } = item;
      const key = keyOf(item);
      try {
        const check = checks.get(ledgerPairKey(request));
        assertLedgerExists(check, request);
        const stored = key && read.stored.get(idempotencyRefKey(key));
        if (key && stored) {
          // The key answers only the request that took it: another body under it is refused,
          // not answered with the first one's transaction (Midaz would replay it).
          if (item.idempotency && stored.requestHash !== item.idempotency.requestHash) {
            throw idempotencyKeyReused(key.key);
          }
          if (!stored.response) throw idempotencyKeyInUse(key.key);
          return {
            ok: true,
            value: { transaction: stored.response as TransactionResponse, replayed: true },
          };
        }
        if (request.feesUnchecked && inFeeRange(request.total, check.feeRanges)) {
          throw new FeePackagesFound();
        }
        const draft = this.draft(
          working,
          request,
          now,
          changed,
          ledgerSettingsOf(check.settings),
          read.routes,
        );
        drafts.push(draft);
        if (key && item.idempotency) {
          idempotency.push({
            ...key,
            requestHash: item.idempotency.requestHash,
            ttlSec: item.idempotency.ttlSec,
            response: draft.response,
            transactionId: draft.transaction.id,
          });
        }
        return { ok: true, value: { transaction: draft.response, replayed: false } };
      } catch (error) {
        if (
          !(error instanceof DomainError) &&
          !(error instanceof TracerConsultNeeded) &&
          !(error instanceof FeePackagesFound)
        ) {
          throw error;
        }
        return { ok: false, error };
      }
    });
    await this.repository.write(m, {
      balances: balanceUpdates(
        read.balances,
        [...changed].map((ref) => working.get(ref) as LockedBalance),
      ),
      transactions: { insert: drafts.map((d) => d.transaction) },
      operations: drafts.flatMap((d) => d.operations),
      idempotency,
      events: drafts.map((d) => d.event),
    });
    return outcomes;
  }

  /**
   * Plans one new transaction on the working balances of its batch; on success the working
   * balances move on to the state it leaves (and `changed` names them). Throws a DomainError,
   * leaving `working` as it was, when a rule is broken.
   */
  private draft(
    working: Map<string, LockedBalance>,
    request: PostingRequest,
    now: Date,
    changed: Set<string>,
    settings: LedgerSettings,
    routes: RouteCatalog,
  ): Draft {
    const skips = resolveSkips(request.skip, settings);
    const { feesSkipped } = skips;
    const tracer = this.tracerEffectOf(request, settings, skips.tracerSkipped);
    const tracerSkipped = skips.tracerSkipped || tracer.tracerSkipped;
    const pending = request.pending || tracer.pending;
    const status: TransactionStatus =
      request.kind === 'annotation' ? 'NOTED' : pending ? 'PENDING' : 'APPROVED';
    const phase = phaseOf({ kind: request.kind, pending });
    const body: StoredBody = {
      request: request.request,
      legs: request.legs.map(toStoredLeg),
      ...(tracer.record ? { tracer: tracer.record } : {}),
    };
    const transaction: TransactionRecord = {
      id: request.id ?? newId(),
      parentTransactionId: request.parentTransactionId ?? null,
      organizationId: request.organizationId,
      ledgerId: request.ledgerId,
      description: request.description ?? null,
      kind: request.kind,
      status,
      statusDescription: tracer.statusDescription,
      amount: request.total,
      assetCode: request.asset,
      chartOfAccountsGroupName: request.chartOfAccountsGroupName ?? null,
      route: request.route ?? null,
      routeId: request.routeId ?? null,
      pending,
      feesSkipped,
      tracerSkipped,
      body,
      metadata: request.metadata,
      transactionDate: request.transactionDate ?? now,
      createdAt: now,
      updatedAt: now,
    };
    const strict = settings.accounting.validateRoutes;
    const revert = request.kind === 'revert';
    const legRoutes = routeLegs({
      ledgerId: request.ledgerId,
      transactionRouteId: request.routeId,
      legs: request.legs,
      catalog: routes,
      strict,
      revert,
      accountTypeOf: (_leg, i) =>
        working.get(balanceRefKey(balanceRefsOf(request.ledgerId, [request.legs[i]])[0]))
          ?.accountType,
    });
    const steps = request.legs.map((leg, i) => ({ leg, phase, route: legRoutes[i] }));
    const plan = planPosting(working, transaction, steps, status, now, {
      action: actionOf(phase, revert),
      strict,
    });
    for (const balance of plan.changed) {
      const ref = balanceRefKey(balance);
      working.set(ref, balance);
      changed.add(ref);
    }
    return {
      transaction,
      operations: plan.operations,
      response: toTransactionResponse(transaction, plan.operations),
      event: transactionEvent(
        request.kind === 'revert' ? 'transaction.reverted' : 'transaction.created',
        transaction,
        plan.operations,
        now,
      ),
    };
  }

  /**
   * How the tracer's answer shapes a new posting under the settings its batch read; throws
   * TracerConsultNeeded for one that should have asked the tracer and did not.
   */
  private tracerEffectOf(
    request: PostingRequest,
    settings: LedgerSettings,
    skipped: boolean,
  ): TracerEffect {
    const none = { tracerSkipped: false, pending: false, statusDescription: null };
    if (skipped || !consultsTracer(request.kind)) return none;
    if (!request.tracer) {
      if (settings.tracer.mode === 'off') return none;
      throw new TracerConsultNeeded(settings.tracer);
    }
    // Consulted on what an instance remembered: the batch's settings are the ones that count.
    if (settings.tracer.mode === 'off') this.tracer.learn(request.ledgerId, settings.tracer);
    return tracerEffect(request.tracer, settings.tracer, request.kind);
  }

  async commit(
    organizationId: string,
    ledgerId: string,
    id: string,
    authorization?: string,
  ): Promise<TransactionResponse> {
    const { response, tracer } = await this.settle(organizationId, ledgerId, id, 'commit');
    this.settleHolds(id, tracer, 'confirm', authorization);
    return response;
  }

  async cancel(
    organizationId: string,
    ledgerId: string,
    id: string,
    authorization?: string,
  ): Promise<TransactionResponse> {
    const { response, tracer } = await this.settle(organizationId, ledgerId, id, 'release');
    this.settleHolds(id, tracer, 'release', authorization);
    return response;
  }

  /** A reverted transaction gives its tracer capacity back. */
  async revert(
    organizationId: string,
    ledgerId: string,
    id: string,
    authorization?: string,
  ): Promise<TransactionResponse> {
    const { response, original } = await this.nudging(
      this.revertUnsignalled(organizationId, ledgerId, id),
    );
    this.settleHolds(id, original, 'release', authorization);
    return response;
  }

  /** Confirms or releases, after the fact, the tracer holds a transaction recorded. */
  private settleHolds(
    transactionId: string,
    tracer: StoredBody['tracer'],
    action: 'confirm' | 'release',
    authorization?: string,
  ): void {
    if (tracer?.reservationIds.length) this.tracer.settle(transactionId, action, authorization);
  }

  private revertUnsignalled(
    organizationId: string,
    ledgerId: string,
    id: string,
  ): Promise<{ response: TransactionResponse; original?: StoredBody['tracer'] }> {
    return retryOnContention(
      () =>
        this.db.transaction(async (m) => {
          const settings = await this.assertLedger(m, organizationId, ledgerId);
          const original = await this.repository.findTransaction(m, ledgerId, id, 'wait');
          if (!original) throw transactionNotFound(id);
          if (original.parentTransactionId) {
            throw new DomainError(
              TransactionErrors.IS_A_REVERT,
              `Transaction ${id} is itself a revert.`,
            );
          }
          if (original.kind === 'block' || original.kind === 'unblock') {
            throw new DomainError(
              TransactionErrors.CANNOT_REVERT,
              `Transaction ${id} is a ${original.kind}; ${original.kind === 'block' ? 'unblock' : 'block'} the funds instead of reverting it.`,
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
          const request: PostingRequest = {
            organizationId,
            ledgerId,
            kind: 'revert',
            pending: false,
            asset: original.assetCode,
            total: original.amount,
            legs,
            description: `Revert of transaction ${id}`,
            chartOfAccountsGroupName: original.chartOfAccountsGroupName ?? undefined,
            routeId: original.routeId ?? undefined,
            metadata: {},
            parentTransactionId: id,
            request: { revertOf: id },
          };
          const { working, routes } = await this.lock(m, ledgerId, [request]);
          const read = [...working.values()];
          const changed = new Set<string>();
          const draft = this.draft(working, request, new Date(), changed, settings, routes);
          await this.repository.write(m, {
            balances: balanceUpdates(
              read,
              [...changed].map((ref) => working.get(ref) as LockedBalance),
            ),
            transactions: { insert: [draft.transaction] },
            operations: draft.operations,
            events: [draft.event],
          });
          return { response: draft.response, original: (original.body as StoredBody).tracer };
        }),
      this.retryOptions,
    );
  }

  private settle(
    organizationId: string,
    ledgerId: string,
    id: string,
    phase: 'commit' | 'release',
  ): Promise<{ response: TransactionResponse; tracer?: StoredBody['tracer'] }> {
    return this.nudging(this.settleUnsignalled(organizationId, ledgerId, id, phase));
  }

  private settleUnsignalled(
    organizationId: string,
    ledgerId: string,
    id: string,
    phase: 'commit' | 'release',
  ): Promise<{ response: TransactionResponse; tracer?: StoredBody['tracer'] }> {
    return retryOnContention(
      () =>
        this.db.transaction(async (m) => {
          const settings = await this.assertLedger(m, organizationId, ledgerId);
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
          const now = new Date();
          const { working, routes } = await this.lock(m, ledgerId, [
            { legs, routeId: tx.routeId ?? undefined },
          ]);
          // The routes the hold went through book the settlement; one deleted since is
          // simply not applied (the pending funds must still be committable).
          const steps = legs
            .filter((leg) => phase === 'commit' || leg.side === 'source')
            .map((leg) => ({
              leg,
              phase,
              route: leg.routeId ? routes.operation.get(leg.routeId) : undefined,
            }));
          const { operations, changed } = planPosting(working, tx, steps, status, now, {
            action: actionOf(phase, false),
            strict: settings.accounting.validateRoutes,
          });
          await this.repository.write(m, {
            balances: balanceUpdates([...working.values()], changed),
            transactions: { update: { id, status, updatedAt: now } },
            operations,
            events: [
              transactionEvent(
                phase === 'commit' ? 'transaction.committed' : 'transaction.canceled',
                { ...tx, status },
                operations,
                now,
              ),
            ],
          });
          const all = await this.repository.findOperations(m, [id]);
          return {
            response: toTransactionResponse({ ...tx, status, updatedAt: now }, all),
            tracer: (tx.body as StoredBody).tracer,
          };
        }),
      this.retryOptions,
    );
  }

  /** Locks the balances of the legs, in id order, keyed by `balanceRefKey`. */
  /** Locks the balances of the postings' legs, in id order, and reads the routes they name. */
  private async lock(
    m: EntityManager,
    ledgerId: string,
    postings: Pick<PostingRequest, 'legs' | 'routeId'>[],
  ): Promise<{ working: Map<string, LockedBalance>; routes: RouteCatalog }> {
    const { balances, routes } = await this.repository.read(m, {
      balances: uniqueBy(
        postings.flatMap((p) => balanceRefsOf(ledgerId, p.legs)),
        balanceRefKey,
      ),
      ...routeIdsOf(postings),
      lock: true,
    });
    return { working: new Map(balances.map((b) => [balanceRefKey(b), b])), routes };
  }

  private async assertLedger(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
  ): Promise<LedgerSettings> {
    const pair = { organizationId, ledgerId };
    const { checks } = await this.repository.read(m, {
      ledgers: [pair],
      balances: [],
      lock: false,
    });
    assertLedgerExists(checks[0], pair);
    return ledgerSettingsOf(checks[0].settings);
  }
}

/** The distinct operation and transaction routes some postings name. */
function routeIdsOf(postings: Pick<PostingRequest, 'legs' | 'routeId'>[]): {
  operationRoutes: string[];
  transactionRoutes: string[];
} {
  return {
    operationRoutes: [
      ...new Set(postings.flatMap((p) => p.legs.flatMap((leg) => leg.routeId ?? []))),
    ],
    transactionRoutes: [...new Set(postings.flatMap((p) => p.routeId ?? []))],
  };
}

/** How a new transaction's legs touch their balances. */
function phaseOf(request: Pick<PostingRequest, 'kind' | 'pending'>): Phase {
  switch (request.kind) {
    case 'annotation':
      return 'annotate';
    case 'block':
    case 'unblock':
      return request.kind;
    default:
      return request.pending ? 'hold' : 'immediate';
  }
}

/** The items with distinct keys, first occurrence kept, in order. */
function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const ledgerPairKey = (pair: { organizationId: string; ledgerId: string }) =>
  `${pair.organizationId}/${pair.ledgerId}`;

/** The balances the legs name, in the ledger they post to. */
function balanceRefsOf(
  ledgerId: string,
  legs: Pick<ResolvedLeg, 'accountAlias' | 'balanceKey'>[],
): BalanceRef[] {
  return legs.map((leg) => ({ ledgerId, alias: leg.accountAlias, key: leg.balanceKey }));
}

/** 404 for a missing or deleted organization, then for a ledger not found in it. */
function assertLedgerExists(
  check: LedgerCheck | undefined,
  pair: { organizationId: string; ledgerId: string },
): asserts check is LedgerCheck {
  if (!check?.organizationExists) throw entityNotFound('Organization', pair.organizationId);
  if (!check.ledgerExists) throw entityNotFound('Ledger', pair.ledgerId);
}

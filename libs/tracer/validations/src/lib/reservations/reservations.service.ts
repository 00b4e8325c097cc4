import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TenantGroupCommit, type Settled } from '@finplat/messaging';
import { DomainError, newId } from '@finplat/platform';
import {
  DEFAULT_TENANT_ID,
  TENANCY_OPTIONS,
  TenantContext,
  TenantDb,
  TenantRunner,
  type TenancyOptions,
} from '@finplat/tenancy';
import {
  AuditActors,
  AuditTrail,
  type AttributedAuditEvent,
  type AuditActor,
} from '@finplat/tracer-audit';
import {
  TRACER_OPTIONS,
  TracerErrors,
  type TracerOptions,
  type TransactionFacts,
} from '@finplat/tracer-domain';
import { LimitGuard, type CounterHold } from '@finplat/tracer-limits';
import { RuleCache } from '@finplat/tracer-rules';
import { evaluateRules } from '../rule-evaluation';
import { activationOf, factsOf } from '../transaction-facts';
import { reasonOf } from '../validate-transaction.use-case';
import type {
  ReservationActionResponse,
  ReserveRequestDto,
  ReserveResponse,
  TransactionActionResponse,
} from './reserve-request.dto';

interface ReservationRow {
  id: string;
  transaction_id: string;
  limit_id: string;
  scope_key: string;
  period_key: string;
  amount: string;
  status: 'RESERVED' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED';
}

type Settlement = 'CONFIRMED' | 'RELEASED';

/** A reservation waiting for its batch: judged by the rules already, in its caller's context. */
interface PendingReserve {
  request: ReserveRequestDto;
  transactionId: string;
  facts: TransactionFacts;
  decision: 'ALLOW' | 'REVIEW';
  ttlSec: number;
  actor: AuditActor;
  answer: (denied: boolean, reservationIds: string[], reason?: string) => ReserveResponse;
}

/** A settlement by transaction id waiting for its batch. */
interface PendingSettle {
  transactionId: string;
  target: Settlement;
  actor: AuditActor;
}

type Move = {
  row: ReservationRow;
  outcome: 'confirm' | 'release' | 'unconfirm';
  actor: AuditActor;
};

const holdOf = (row: ReservationRow): CounterHold => ({
  limitId: row.limit_id,
  scopeKey: row.scope_key,
  periodKey: row.period_key,
  amount: row.amount,
});

/** Most expired holds one reaper pass settles per tenant. */
const REAP_BATCH = 500;

/**
 * The ledger seam: reserve capacity on every matching limit for a transaction (or answer
 * denied and hold nothing), then confirm or release it, by reservation or by transaction,
 * each move exactly once. Held capacity counts in the same guard as validations. A reaper
 * expires holds past their TTL, for every tenant this instance has seen reserve, and each
 * tenant's expired holds are also reaped before it reserves again.
 */
@Injectable()
export class ReservationsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationsService.name);
  private readonly tenants = new Set<string>();
  private timer?: NodeJS.Timeout;
  private readonly reserves: TenantGroupCommit<PendingReserve, ReserveResponse>;
  private readonly settlements: TenantGroupCommit<PendingSettle, TransactionActionResponse>;

  constructor(
    private readonly db: TenantDb,
    private readonly guard: LimitGuard,
    private readonly rules: RuleCache,
    private readonly audit: AuditTrail,
    private readonly runner: TenantRunner,
    @Inject(TRACER_OPTIONS) private readonly options: TracerOptions,
    @Inject(TENANCY_OPTIONS) private readonly tenancy: TenancyOptions,
  ) {
    // Group commit, as validations (decision 0021, here decision 0023): every reservation and
    // every settlement of a tenant meets the others on the chain head and, under a limit of
    // wide scope, on the same counter rows, so one at a time they commit one WAL flush each.
    // Reserves and settlements go in two lanes, each a batch in flight per tenant, so each
    // transaction still takes its locks in the one order (counters, then the chain head).
    const lane = { maxBatchSize: options.validationBatchSize, maxInFlight: 1 };
    this.reserves = new TenantGroupCommit((items) => this.reserveBatch(items), lane);
    this.settlements = new TenantGroupCommit((items) => this.settleBatch(items), lane);
  }

  onModuleInit(): void {
    if (!this.tenancy.multiTenant) this.tenants.add(DEFAULT_TENANT_ID);
    this.timer = setInterval(() => void this.reapAll(), this.options.reaperIntervalSec * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Rules first, from the cache and outside any transaction, as a validation does: a DENY by
   * rule holds nothing. Otherwise every matching limit is held; an exceeded one denies the
   * whole reservation (limit_exceeded) and holds nothing. A REVIEW holds for the long-lived
   * TTL, since a person decides later whether the pending transaction commits. Reserving again
   * for a transaction answers its first holds with the rules' decision of now. The holds are
   * written in its tenant's group commit of reservations (writeReserves).
   */
  async reserve(request: ReserveRequestDto): Promise<ReserveResponse> {
    this.tenants.add(TenantContext.current().tenantId);
    const transactionId = request.transactionId.toLowerCase();
    const facts = factsOf(request);
    const verdict = evaluateRules(
      await this.rules.active(),
      facts,
      activationOf(request, new Date(request.transactionTimestamp)),
      this.options.maxRulesPerRequest,
    );
    const decision = verdict.decision ?? this.options.defaultDecision;
    const answer = (
      denied: boolean,
      reservationIds: string[],
      reason = reasonOf(verdict, decision),
    ) =>
      ({
        transactionId,
        denied,
        reservationIds,
        decision: denied ? 'DENY' : decision,
        reason,
        matchedRuleIds: verdict.matchedRuleIds,
      }) satisfies ReserveResponse;
    if (decision === 'DENY') return answer(true, []);
    const ttlSec =
      request.longLived || decision === 'REVIEW'
        ? this.options.longLivedReservationTtlSec
        : this.options.reservationTtlSec;
    return this.reserves.submit({
      request,
      transactionId,
      facts,
      decision,
      ttlSec,
      actor: AuditActors.current(),
      answer,
    });
  }

  /** Runs in the tenant context of the batch's lane (TenantGroupCommit). */
  private async reserveBatch(items: PendingReserve[]): Promise<Settled<ReserveResponse>[]> {
    await this.reap();
    return this.alone(items, (batch) => this.writeReserves(batch));
  }

  /**
   * One database transaction for a batch of reservations, in the lock order of a validation
   * batch: the transaction ids' advisory locks (hash order, one statement), the counters
   * (LimitGuard.takeAll: sorted, judged in arrival order, an exceeded reservation keeps
   * nothing anywhere), then the rows and the audit events in one statement (the chain head).
   * A transaction that reserved before, or earlier in the same batch, is answered its first
   * holds.
   */
  private async writeReserves(items: PendingReserve[]): Promise<Settled<ReserveResponse>[]> {
    const now = new Date();
    return this.db.transaction(async (m) => {
      const transactionIds = [...new Set(items.map((i) => i.transactionId))];
      await m.query(
        `SELECT count(pg_advisory_xact_lock(s.k)) FROM (
           SELECT DISTINCT hashtextextended(t, 11) AS k FROM unnest($1::text[]) AS t ORDER BY 1
         ) AS s`,
        [transactionIds],
      );
      const existing = await m.query<{ id: string; transaction_id: string }[]>(
        `SELECT id, transaction_id FROM usage_reservations WHERE transaction_id = ANY($1::uuid[])
          ORDER BY created_at, id`,
        [transactionIds],
      );
      const held = new Map<string, string[]>();
      for (const row of existing) {
        held.set(row.transaction_id, [...(held.get(row.transaction_id) ?? []), row.id]);
      }
      // The first item of a transaction id not reserved yet is the one that reserves.
      const fresh = items.filter((item) => {
        if (held.has(item.transactionId)) return false;
        held.set(item.transactionId, []);
        return true;
      });
      const checks = await this.guard.takeAll(
        fresh.map((item) => ({
          facts: item.facts,
          currency: item.request.currency,
          amount: item.request.amount,
          keep: 'reserved' as const,
        })),
        now,
      );
      const rows: unknown[][] = [];
      const events: AttributedAuditEvent[] = [];
      const own = new Map<PendingReserve, ReserveResponse>();
      fresh.forEach((item, i) => {
        const check = checks[i];
        if (check.exceededLimitIds.length > 0) {
          own.set(item, item.answer(true, [], 'limit_exceeded'));
          return;
        }
        const ids = check.holds.map((hold) => {
          const id = newId();
          rows.push([
            id,
            item.transactionId,
            hold.limitId,
            hold.scopeKey,
            hold.periodKey,
            hold.amount,
            item.request.longLived ?? false,
            new Date(now.getTime() + item.ttlSec * 1000).toISOString(),
          ]);
          return id;
        });
        held.set(item.transactionId, ids);
        own.set(item, item.answer(false, ids));
        if (ids.length > 0) {
          events.push({
            eventType: 'RESERVATION_CREATED',
            action: 'RESERVE',
            result: 'SUCCESS',
            resourceType: 'reservation',
            resourceId: item.transactionId,
            context: {
              request: { ...item.request },
              response: { reservationIds: ids, decision: item.decision },
              holds: check.holds,
            },
            actor: item.actor,
          });
        }
      });
      if (rows.length > 0) {
        const column = (i: number) => rows.map((row) => row[i]);
        await m.query(
          `INSERT INTO usage_reservations (id, transaction_id, limit_id, scope_key, period_key,
             amount, long_lived, reservation_expires_at)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[],
             $6::numeric[], $7::boolean[], $8::timestamptz[])`,
          [0, 1, 2, 3, 4, 5, 6, 7].map(column),
        );
      }
      await this.audit.recordAll(events);
      return items.map((item): Settled<ReserveResponse> => ({
        ok: true,
        value: own.get(item) ?? item.answer(false, held.get(item.transactionId) ?? []),
      }));
    });
  }

  async settleOne(id: string, target: Settlement): Promise<ReservationActionResponse> {
    return this.db.transaction(async (m) => {
      const [row] = await m.query<ReservationRow[]>(
        'SELECT * FROM usage_reservations WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) {
        throw new DomainError(
          TracerErrors.RESERVATION_NOT_FOUND,
          `No reservation with id ${id} was found.`,
          {
            entityType: 'Reservation',
          },
        );
      }
      const moves: Move[] = [];
      const moved = this.plan([row], target, AuditActors.current(), moves);
      await this.applyMoves(moves);
      if (!moved) {
        if (row.status !== target) {
          throw new DomainError(
            TracerErrors.RESERVATION_NOT_PENDING,
            `Reservation ${id} is ${row.status}; it cannot become ${target}.`,
            { entityType: 'Reservation', from: row.status, to: target },
          );
        }
      }
      return { reservationId: id, status: target };
    });
  }

  settleTransaction(transactionId: string, target: Settlement): Promise<TransactionActionResponse> {
    return this.settlements.submit({
      transactionId: transactionId.toLowerCase(),
      target,
      actor: AuditActors.current(),
    });
  }

  /** Runs in the tenant context of the batch's lane (TenantGroupCommit). */
  private settleBatch(items: PendingSettle[]): Promise<Settled<TransactionActionResponse>[]> {
    return this.alone(items, (batch) =>
      this.db.transaction(async (m) => {
        const rows = await m.query<ReservationRow[]>(
          `SELECT * FROM usage_reservations WHERE transaction_id = ANY($1::uuid[])
            ORDER BY id FOR UPDATE`,
          [[...new Set(batch.map((item) => item.transactionId))]],
        );
        // In arrival order, each against the statuses its predecessors left.
        const moves: Move[] = [];
        const answers = batch.map((item): Settled<TransactionActionResponse> => {
          const own = rows.filter((row) => row.transaction_id === item.transactionId);
          const flipped = this.plan(own, item.target, item.actor, moves);
          return {
            ok: true,
            value: { transactionId: item.transactionId, status: item.target, flipped },
          };
        });
        await this.applyMoves(moves);
        return answers;
      }),
    );
  }

  /**
   * A batch in one transaction; should it fail on something no check foresaw, nothing of it
   * was written, and each item is written alone so only the culprit gets the error.
   */
  private async alone<I, O>(
    items: I[],
    write: (batch: I[]) => Promise<Settled<O>[]>,
  ): Promise<Settled<O>[]> {
    try {
      return await write(items);
    } catch (error) {
      if (items.length === 1 || error instanceof DomainError) throw error;
      const outcomes: Settled<O>[] = [];
      for (const item of items) {
        outcomes.push(
          await write([item]).then(
            ([outcome]) => outcome,
            (e: unknown) => ({ ok: false as const, error: e }),
          ),
        );
      }
      return outcomes;
    }
  }

  /** Expires the current tenant's holds past their TTL, giving their capacity back. */
  async reap(): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows = await m.query<ReservationRow[]>(
        `SELECT * FROM usage_reservations
          WHERE status = 'RESERVED' AND reservation_expires_at <= now()
          ORDER BY reservation_expires_at LIMIT ${REAP_BATCH} FOR UPDATE SKIP LOCKED`,
      );
      // Every counter first (in key order), then the rows and their audit events: the order a
      // validation batch takes its locks in (counters, then the chain head).
      await this.guard.settleAll(rows.map((row) => ({ hold: holdOf(row), outcome: 'release' })));
      for (const row of rows) {
        await m.query(
          `UPDATE usage_reservations SET status = 'EXPIRED', released_at = now() WHERE id = $1`,
          [row.id],
        );
        await this.audit.record({
          eventType: 'RESERVATION_EXPIRED',
          action: 'EXPIRE',
          result: 'SUCCESS',
          resourceType: 'reservation',
          resourceId: row.id,
          context: {
            before: { status: 'RESERVED' },
            after: { status: 'EXPIRED' },
            hold: holdOf(row),
          },
        });
      }
      return rows.length;
    });
  }

  /** One reaper pass over every tenant this instance knows. */
  async reapAll(): Promise<void> {
    for (const tenantId of this.tenants) {
      try {
        await this.runner.run(tenantId, () => this.reap());
      } catch (error) {
        this.logger.warn(`reservation reaper: tenant ${tenantId}: ${String(error)}`);
      }
    }
  }

  /**
   * Status moves, where allowed: RESERVED → CONFIRMED | RELEASED, CONFIRMED → RELEASED (a
   * reverted posting gives its capacity back); rows already there or unable to go are left.
   * Plans them in memory (the rows take their new status, for the next item of a batch) and
   * answers how many rows move.
   */
  private plan(
    rows: ReservationRow[],
    target: Settlement,
    actor: AuditActor,
    moves: Move[],
  ): number {
    let moved = 0;
    for (const row of rows) {
      let outcome: Move['outcome'] | undefined;
      if (row.status === 'RESERVED') outcome = target === 'CONFIRMED' ? 'confirm' : 'release';
      else if (row.status === 'CONFIRMED' && target === 'RELEASED') outcome = 'unconfirm';
      if (!outcome) continue;
      // A copy: the audit event says what this move found.
      moves.push({ row: { ...row }, outcome, actor });
      row.status = target;
      moved += 1;
    }
    return moved;
  }

  /**
   * Every counter is settled before any row or audit event is written, the lock order of a
   * validation batch (counters, then the audit chain head), so the two never deadlock; then
   * the rows' moves in order and their audit events in one statement.
   */
  private async applyMoves(moves: Move[]): Promise<void> {
    if (moves.length === 0) return;
    await this.guard.settleAll(moves.map(({ row, outcome }) => ({ hold: holdOf(row), outcome })));
    const target = (move: Move): Settlement =>
      move.outcome === 'confirm' ? 'CONFIRMED' : 'RELEASED';
    // One statement for the rows: a row moved twice in a batch (confirmed, then released by a
    // revert) ends in its last status with both timestamps.
    const final = new Map<string, { status: Settlement; confirmed: boolean; released: boolean }>();
    for (const move of moves) {
      const was = final.get(move.row.id);
      final.set(move.row.id, {
        status: target(move),
        confirmed: (was?.confirmed ?? false) || move.outcome === 'confirm',
        released: (was?.released ?? false) || move.outcome !== 'confirm',
      });
    }
    const rows = [...final];
    await this.db.transaction((m) =>
      m.query(
        `UPDATE usage_reservations AS r SET status = u.status,
           confirmed_at = CASE WHEN u.confirmed THEN now() ELSE r.confirmed_at END,
           released_at = CASE WHEN u.released THEN now() ELSE r.released_at END
          FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::boolean[])
            AS u (id, status, confirmed, released)
         WHERE r.id = u.id`,
        [
          rows.map(([id]) => id),
          rows.map(([, f]) => f.status),
          rows.map(([, f]) => f.confirmed),
          rows.map(([, f]) => f.released),
        ],
      ),
    );
    await this.audit.recordAll(
      moves.map((move) => ({
        eventType: target(move) === 'CONFIRMED' ? 'RESERVATION_CONFIRMED' : 'RESERVATION_RELEASED',
        action: target(move) === 'CONFIRMED' ? 'CONFIRM' : 'RELEASE',
        result: 'SUCCESS',
        resourceType: 'reservation',
        resourceId: move.row.id,
        context: {
          before: { status: move.row.status },
          after: { status: target(move) },
          hold: holdOf(move.row),
        },
        actor: move.actor,
      })),
    );
  }
}

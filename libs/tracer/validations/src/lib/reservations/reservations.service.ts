import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import {
  DEFAULT_TENANT_ID,
  TENANCY_OPTIONS,
  TenantContext,
  TenantDb,
  TenantRunner,
  type TenancyOptions,
} from '@finplat/tenancy';
import { AuditTrail } from '@finplat/tracer-audit';
import { TRACER_OPTIONS, TracerErrors, type TracerOptions } from '@finplat/tracer-domain';
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

  constructor(
    private readonly db: TenantDb,
    private readonly guard: LimitGuard,
    private readonly rules: RuleCache,
    private readonly audit: AuditTrail,
    private readonly runner: TenantRunner,
    @Inject(TRACER_OPTIONS) private readonly options: TracerOptions,
    @Inject(TENANCY_OPTIONS) private readonly tenancy: TenancyOptions,
  ) {}

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
   * for a transaction answers its first holds with the rules' decision of now.
   */
  async reserve(request: ReserveRequestDto): Promise<ReserveResponse> {
    this.tenants.add(TenantContext.current().tenantId);
    const transactionId = request.transactionId.toLowerCase();
    const now = new Date();
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
    await this.reap();
    const ttlSec =
      request.longLived || decision === 'REVIEW'
        ? this.options.longLivedReservationTtlSec
        : this.options.reservationTtlSec;
    try {
      return await this.db.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [transactionId]);
        const existing = await m.query<{ id: string }[]>(
          'SELECT id FROM usage_reservations WHERE transaction_id = $1 ORDER BY created_at, id',
          [transactionId],
        );
        if (existing.length > 0)
          return answer(
            false,
            existing.map((r) => r.id),
          );
        const check = await this.guard.take(
          facts,
          request.currency,
          request.amount,
          now,
          'reserved',
        );
        if (check.exceededLimitIds.length > 0) throw new Denied();
        const ids: string[] = [];
        for (const hold of check.holds) {
          const id = newId();
          ids.push(id);
          await m.query(
            `INSERT INTO usage_reservations (id, transaction_id, limit_id, scope_key, period_key,
               amount, long_lived, reservation_expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              id,
              transactionId,
              hold.limitId,
              hold.scopeKey,
              hold.periodKey,
              hold.amount,
              request.longLived ?? false,
              new Date(now.getTime() + ttlSec * 1000),
            ],
          );
        }
        if (ids.length > 0) {
          await this.audit.record({
            eventType: 'RESERVATION_CREATED',
            action: 'RESERVE',
            result: 'SUCCESS',
            resourceType: 'reservation',
            resourceId: transactionId,
            context: {
              request: { ...request },
              response: { reservationIds: ids, decision },
              holds: check.holds,
            },
          });
        }
        return answer(false, ids);
      });
    } catch (error) {
      // Rolled back: the increments of the limits that had room are undone.
      if (error instanceof Denied) return answer(true, [], 'limit_exceeded');
      throw error;
    }
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
      if (!(await this.moveAll([row], target))) {
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

  async settleTransaction(
    transactionId: string,
    target: Settlement,
  ): Promise<TransactionActionResponse> {
    return this.db.transaction(async (m) => {
      const rows = await m.query<ReservationRow[]>(
        'SELECT * FROM usage_reservations WHERE transaction_id = $1 ORDER BY id FOR UPDATE',
        [transactionId],
      );
      return { transactionId, status: target, flipped: await this.moveAll(rows, target) };
    });
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
   * Every counter is settled before any row or audit event is written, the lock order of a
   * validation batch (counters, then the audit chain head), so the two never deadlock.
   * Answers how many rows moved.
   */
  private async moveAll(rows: ReservationRow[], target: Settlement): Promise<number> {
    const moves: { row: ReservationRow; outcome: 'confirm' | 'release' | 'unconfirm' }[] = [];
    for (const row of rows) {
      if (row.status === 'RESERVED') {
        moves.push({ row, outcome: target === 'CONFIRMED' ? 'confirm' : 'release' });
      } else if (row.status === 'CONFIRMED' && target === 'RELEASED') {
        moves.push({ row, outcome: 'unconfirm' });
      }
    }
    if (moves.length === 0) return 0;
    await this.guard.settleAll(moves.map(({ row, outcome }) => ({ hold: holdOf(row), outcome })));
    for (const { row } of moves) {
      await this.db.transaction((m) =>
        m.query(
          `UPDATE usage_reservations SET status = $2,
             confirmed_at = CASE WHEN $2 = 'CONFIRMED' THEN now() ELSE confirmed_at END,
             released_at = CASE WHEN $2 = 'RELEASED' THEN now() ELSE released_at END
           WHERE id = $1`,
          [row.id, target],
        ),
      );
    }
    for (const { row } of moves) {
      await this.audit.record({
        eventType: target === 'CONFIRMED' ? 'RESERVATION_CONFIRMED' : 'RESERVATION_RELEASED',
        action: target === 'CONFIRMED' ? 'CONFIRM' : 'RELEASE',
        result: 'SUCCESS',
        resourceType: 'reservation',
        resourceId: row.id,
        context: { before: { status: row.status }, after: { status: target }, hold: holdOf(row) },
      });
      row.status = target;
    }
    return moves.length;
  }
}

class Denied extends Error {}

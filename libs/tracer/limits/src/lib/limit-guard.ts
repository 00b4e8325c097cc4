import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { scopeMatches, type Scope, type TransactionFacts } from '@finplat/tracer-domain';
import Decimal from 'decimal.js';
import { describeScope, periodKey, resetAt, scopeKey, skipReason } from './limit-periods';
import { LimitRepository } from './limit.repository';
import type { Limit } from './limit.entity';

/** How one limit judged one transaction (Tracer's `LimitUsageDetail`). */
export interface LimitUsageDetail {
  limitId: string;
  limitAmount: string;
  scope: string;
  period: string;
  /** Usage after this transaction when it fits; the usage it would have exceeded otherwise. */
  currentUsage: string;
  attemptedAmount: string;
  exceeded: boolean;
  skipped?: boolean;
  skipReason?: 'outside_time_window' | 'outside_custom_period';
}

/** Capacity taken on one counter, so that a reservation can later settle exactly it. */
export interface CounterHold {
  limitId: string;
  scopeKey: string;
  periodKey: string;
  amount: string;
}

export interface LimitCheck {
  details: LimitUsageDetail[];
  exceededLimitIds: string[];
  holds: CounterHold[];
}

/** Counters live 90 days past their period, for usage history. */
const COUNTER_RETENTION_MS = 90 * 86_400_000;

/** Sums and comparisons of amounts, exact far beyond any numeric the API admits. */
const Amount = Decimal.clone({ precision: 120 });

/** The first of a limit's scopes that the transaction falls in (limits have at least one). */
const matchingScope = (limit: Limit, facts: TransactionFacts): Scope | undefined =>
  limit.scopes.find((scope) => scopeMatches(scope, facts));

/**
 * One transaction to check. `keep` says where the capacity goes when every limit has room:
 * `used` (an ALLOW), `reserved` (a reservation) or nowhere (`none`: a REVIEW is checked
 * but consumes nothing).
 */
export interface LimitDemand {
  facts: TransactionFacts;
  currency: string;
  amount: string;
  keep: 'used' | 'reserved' | 'none';
}

interface Counter {
  limitId: string;
  scopeKey: string;
  periodKey: string;
  maxAmount: string;
  expiresAt: Date | null;
  /** used + reserved, as this batch has moved it so far. */
  usage: Decimal;
  addUsed: Decimal;
  addReserved: Decimal;
}

const counterKey = (limitId: string, scope: string, period: string) =>
  `${limitId}|${scope}|${period}`;

type Planned =
  | { detail: LimitUsageDetail }
  | { base: Omit<LimitUsageDetail, 'currentUsage' | 'exceeded'>; counter: string }
  | { base: Omit<LimitUsageDetail, 'currentUsage' | 'exceeded'>; perTransaction: string };

/**
 * Checks transactions against every active limit of their currency and scope, and takes the
 * capacity they keep, inside the caller's database transaction — a whole batch at once
 * (decision 0021). One statement locks and reads every counter the batch touches (an upsert
 * whose conflict branch takes the row lock, in key order so instances cannot deadlock);
 * the transactions are then judged one after the other, in arrival order, against the usage
 * their predecessors in the batch left, so a batch whose demand would pass a limit admits
 * exactly what fits and denies exactly the overflow. One guarded UPDATE writes the batch's
 * increments; its WHERE still refuses any increment that would pass maxAmount, so a counter
 * moved under its lock fails the batch rather than the limit. Every limit is checked and
 * every exceeded one reported; an exceeded transaction keeps nothing on any limit.
 */
@Injectable()
export class LimitGuard {
  constructor(
    private readonly limits: LimitRepository,
    private readonly db: TenantDb,
  ) {}

  /** One transaction (a reservation): `takeAll` with a batch of one. */
  async take(
    facts: TransactionFacts,
    currency: string,
    amount: string,
    now: Date,
    into: 'used' | 'reserved',
  ): Promise<LimitCheck> {
    const [check] = await this.takeAll([{ facts, currency, amount, keep: into }], now);
    return check;
  }

  /** Judges each demand in order and answers each its check. */
  async takeAll(demands: readonly LimitDemand[], now: Date): Promise<LimitCheck[]> {
    if (demands.length === 0) return [];
    const currencies = [...new Set(demands.map((d) => d.currency))];
    const limits = await this.limits.activeIn(currencies);
    const counters = new Map<string, Counter>();
    const plans = demands.map((demand) =>
      limits
        .filter((limit) => limit.currency === demand.currency)
        .flatMap((limit) => this.plan(limit, demand, now, counters)),
    );
    await this.lockAndRead(counters);
    const checks = demands.map((demand, i) => this.judge(demand, plans[i], counters));
    await this.write(counters);
    return checks;
  }

  /** What one limit needs to judge one demand; registers the counter it reads. */
  private plan(
    limit: Limit,
    demand: LimitDemand,
    now: Date,
    counters: Map<string, Counter>,
  ): Planned[] {
    const scope = matchingScope(limit, demand.facts);
    if (!scope) return [];
    const base = {
      limitId: limit.id,
      limitAmount: limit.maxAmount,
      scope: describeScope(scope),
      period: limit.limitType,
      attemptedAmount: demand.amount,
    };
    const skip = skipReason(limit, now);
    if (skip) {
      return [
        {
          detail: { ...base, currentUsage: '0', exceeded: false, skipped: true, skipReason: skip },
        },
      ];
    }
    const period = periodKey(limit.limitType, now);
    if (period === null) return [{ base, perTransaction: limit.maxAmount }];
    const key = scopeKey(scope);
    const id = counterKey(limit.id, key, period);
    if (!counters.has(id)) {
      const reset = resetAt(limit, now);
      counters.set(id, {
        limitId: limit.id,
        scopeKey: key,
        periodKey: period,
        maxAmount: limit.maxAmount,
        expiresAt: reset ? new Date(reset.getTime() + COUNTER_RETENTION_MS) : null,
        usage: new Amount(0),
        addUsed: new Amount(0),
        addReserved: new Amount(0),
      });
    }
    return [{ base, counter: id }];
  }

  /** Locks every counter of the batch (creating missing ones at zero) and reads its usage. */
  private async lockAndRead(counters: Map<string, Counter>): Promise<void> {
    if (counters.size === 0) return;
    const list = [...counters.values()];
    const rows = await this.db.transaction((m) =>
      m.query<{ limit_id: string; scope_key: string; period_key: string; usage: string }[]>(
        `INSERT INTO usage_counters AS c
           (limit_id, scope_key, period_key, current_usage, reserved_usage, expires_at)
         SELECT k.l, k.s, k.p, 0, 0, k.e
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS k (l, s, p, e)
          ORDER BY k.l, k.s, k.p
         ON CONFLICT (limit_id, scope_key, period_key) DO UPDATE
           SET current_usage = c.current_usage
         RETURNING c.limit_id::text AS limit_id, c.scope_key, c.period_key,
                   (c.current_usage + c.reserved_usage)::text AS usage`,
        [
          list.map((c) => c.limitId),
          list.map((c) => c.scopeKey),
          list.map((c) => c.periodKey),
          list.map((c) => c.expiresAt),
        ],
      ),
    );
    for (const row of rows) {
      const counter = counters.get(counterKey(row.limit_id, row.scope_key, row.period_key));
      if (counter) counter.usage = new Amount(row.usage);
    }
  }

  private judge(demand: LimitDemand, plans: Planned[], counters: Map<string, Counter>) {
    const check: LimitCheck = { details: [], exceededLimitIds: [], holds: [] };
    const attempted = new Amount(demand.amount);
    const fitting: Counter[] = [];
    for (const plan of plans) {
      if ('detail' in plan) {
        check.details.push(plan.detail);
      } else if ('perTransaction' in plan) {
        const exceeded = attempted.greaterThan(plan.perTransaction);
        check.details.push({ ...plan.base, currentUsage: '0', exceeded });
        if (exceeded) check.exceededLimitIds.push(plan.base.limitId);
      } else {
        const counter = counters.get(plan.counter) as Counter;
        const after = counter.usage.plus(attempted);
        const exceeded =
          attempted.greaterThan(counter.maxAmount) || after.greaterThan(counter.maxAmount);
        check.details.push({
          ...plan.base,
          currentUsage: (exceeded ? counter.usage : after).toFixed(),
          exceeded,
        });
        if (exceeded) check.exceededLimitIds.push(plan.base.limitId);
        else fitting.push(counter);
      }
    }
    if (check.exceededLimitIds.length > 0 || demand.keep === 'none') return check;
    for (const counter of fitting) {
      counter.usage = counter.usage.plus(attempted);
      if (demand.keep === 'used') counter.addUsed = counter.addUsed.plus(attempted);
      else counter.addReserved = counter.addReserved.plus(attempted);
      check.holds.push({
        limitId: counter.limitId,
        scopeKey: counter.scopeKey,
        periodKey: counter.periodKey,
        amount: demand.amount,
      });
    }
    return check;
  }

  /** The batch's increments in one guarded statement (statements answer an UPDATE's rows). */
  private async write(counters: Map<string, Counter>): Promise<void> {
    const moved = [...counters.values()].filter(
      (c) => !c.addUsed.isZero() || !c.addReserved.isZero(),
    );
    if (moved.length === 0) return;
    const rows = await this.db.statements((m) =>
      m.query<unknown[]>(
        `UPDATE usage_counters AS c
            SET current_usage = c.current_usage + d.used,
                reserved_usage = c.reserved_usage + d.reserved,
                last_updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::numeric[],
                       $6::numeric[]) AS d (l, s, p, used, reserved, max)
          WHERE c.limit_id = d.l AND c.scope_key = d.s AND c.period_key = d.p
            AND c.current_usage + c.reserved_usage + d.used + d.reserved <= d.max
         RETURNING 1`,
        [
          moved.map((c) => c.limitId),
          moved.map((c) => c.scopeKey),
          moved.map((c) => c.periodKey),
          moved.map((c) => c.addUsed.toFixed()),
          moved.map((c) => c.addReserved.toFixed()),
          moved.map((c) => c.maxAmount),
        ],
      ),
    );
    if (rows.length !== moved.length) {
      throw new Error('usage counters moved under their row locks; the batch is not written');
    }
  }

  /**
   * Settles holds: `confirm` moves each from held to used, `release` gives held capacity back,
   * `unconfirm` gives back capacity a confirmed hold had used (a reverted posting), all in one
   * transaction. The counters are locked first, in the same key
   * order a validation batch locks them (lockAndRead), so a settlement and a batch touching the
   * same counters queue behind each other instead of deadlocking.
   */
  async settleAll(
    settlements: { hold: CounterHold; outcome: 'confirm' | 'release' | 'unconfirm' }[],
  ): Promise<void> {
    if (settlements.length === 0) return;
    await this.db.transaction(async (m) => {
      await m.query(
        `SELECT 1 FROM usage_counters c
           JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS k (l, s, p)
             ON c.limit_id = k.l AND c.scope_key = k.s AND c.period_key = k.p
          ORDER BY k.l, k.s, k.p
          FOR UPDATE OF c`,
        [
          settlements.map((x) => x.hold.limitId),
          settlements.map((x) => x.hold.scopeKey),
          settlements.map((x) => x.hold.periodKey),
        ],
      );
      for (const { hold, outcome } of settlements) await this.settleLocked(hold, outcome);
    });
  }

  private async settleLocked(
    hold: CounterHold,
    outcome: 'confirm' | 'release' | 'unconfirm',
  ): Promise<void> {
    const [held, used] = { confirm: [-1, 1], release: [-1, 0], unconfirm: [0, -1] }[outcome];
    await this.db.transaction((m) =>
      m.query(
        `UPDATE usage_counters
            SET reserved_usage = greatest(reserved_usage + $5::int * $4::numeric, 0),
                current_usage = greatest(current_usage + $6::int * $4::numeric, 0),
                last_updated_at = now()
          WHERE limit_id = $1 AND scope_key = $2 AND period_key = $3`,
        [hold.limitId, hold.scopeKey, hold.periodKey, hold.amount, held, used],
      ),
    );
  }
}

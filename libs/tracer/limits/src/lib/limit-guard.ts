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

/** The first of a limit's scopes that the transaction falls in (limits have at least one). */
const matchingScope = (limit: Limit, facts: TransactionFacts): Scope | undefined =>
  limit.scopes.find((scope) => scopeMatches(scope, facts));

/**
 * Checks a transaction against every active limit of its currency and scope, and takes the
 * capacity it needs, inside the caller's database transaction. Each periodic counter moves
 * by one guarded upsert whose WHERE admits the increment only while used + held + amount
 * stays within maxAmount; the row lock it takes makes concurrent checks of one counter queue,
 * so no interleaving can pass the limit. Zero rows back means exceeded and nothing moved.
 * Every limit is checked and every exceeded one reported; when any is exceeded (or the
 * decision is not ALLOW) the caller rolls the transaction back, undoing the other increments.
 */
@Injectable()
export class LimitGuard {
  constructor(
    private readonly limits: LimitRepository,
    private readonly db: TenantDb,
  ) {}

  async take(
    facts: TransactionFacts,
    currency: string,
    amount: string,
    now: Date,
    into: 'used' | 'reserved',
  ): Promise<LimitCheck> {
    const check: LimitCheck = { details: [], exceededLimitIds: [], holds: [] };
    const attempted = new Decimal(amount);
    for (const limit of await this.limits.activeIn(currency)) {
      const scope = matchingScope(limit, facts);
      if (!scope) continue;
      const base = {
        limitId: limit.id,
        limitAmount: limit.maxAmount,
        scope: describeScope(scope),
        period: limit.limitType,
        attemptedAmount: amount,
      };
      const skip = skipReason(limit, now);
      if (skip) {
        check.details.push({
          ...base,
          currentUsage: '0',
          exceeded: false,
          skipped: true,
          skipReason: skip,
        });
        continue;
      }
      const period = periodKey(limit.limitType, now);
      if (period === null || attempted.greaterThan(limit.maxAmount)) {
        const exceeded = attempted.greaterThan(limit.maxAmount);
        const current =
          period === null ? '0' : await this.currentUsage(limit.id, scopeKey(scope), period);
        check.details.push({ ...base, currentUsage: current, exceeded });
        if (exceeded) check.exceededLimitIds.push(limit.id);
        continue;
      }
      const key = scopeKey(scope);
      const reset = resetAt(limit, now);
      const expiresAt = reset ? new Date(reset.getTime() + COUNTER_RETENTION_MS) : null;
      const rows = await this.db.transaction((m) =>
        m.query<{ used: string; reserved: string }[]>(
          `INSERT INTO usage_counters AS c
             (limit_id, scope_key, period_key, current_usage, reserved_usage, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (limit_id, scope_key, period_key) DO UPDATE
             SET current_usage = c.current_usage + EXCLUDED.current_usage,
                 reserved_usage = c.reserved_usage + EXCLUDED.reserved_usage,
                 last_updated_at = now()
             WHERE c.current_usage + c.reserved_usage + $7::numeric <= $8::numeric
           RETURNING c.current_usage::text AS used, c.reserved_usage::text AS reserved`,
          [
            limit.id,
            key,
            period,
            into === 'used' ? amount : '0',
            into === 'reserved' ? amount : '0',
            expiresAt,
            amount,
            limit.maxAmount,
          ],
        ),
      );
      if (rows.length === 0) {
        check.details.push({
          ...base,
          currentUsage: await this.currentUsage(limit.id, key, period),
          exceeded: true,
        });
        check.exceededLimitIds.push(limit.id);
        continue;
      }
      const [row] = rows;
      check.details.push({
        ...base,
        currentUsage: new Decimal(row.used).plus(row.reserved).toFixed(),
        exceeded: false,
      });
      check.holds.push({ limitId: limit.id, scopeKey: key, periodKey: period, amount });
    }
    return check;
  }

  /**
   * Settles a hold: `confirm` moves it from held to used, `release` gives held capacity
   * back, `unconfirm` gives back capacity a confirmed hold had used (a reverted posting).
   */
  async settle(hold: CounterHold, outcome: 'confirm' | 'release' | 'unconfirm'): Promise<void> {
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

  private async currentUsage(limitId: string, key: string, period: string): Promise<string> {
    const [row] = await this.db.transaction((m) =>
      m.query<{ usage: string }[]>(
        `SELECT (current_usage + reserved_usage)::text AS usage FROM usage_counters
          WHERE limit_id = $1 AND scope_key = $2 AND period_key = $3`,
        [limitId, key, period],
      ),
    );
    return row ? new Decimal(row.usage).toFixed() : '0';
  }
}

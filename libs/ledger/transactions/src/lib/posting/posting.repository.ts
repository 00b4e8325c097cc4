import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { OutboxWriter } from '@finplat/messaging';
import { SqlParams, type RecordsetColumn, type SqlStatements } from '@finplat/tenancy';
import {
  OperationEntity,
  TransactionEntity,
  type AccountingEntries,
  type AccountRuleType,
  type OperationRouteType,
} from '@finplat/ledger-database';
import type { RouteCatalog } from '../routes/apply-routes';
import type { FeeRange } from '../fees/fee-ledgers';
import { Money, OVERDRAFT_BALANCE_KEY } from '@finplat/ledger-domain';
import { PostingConflict } from '../common/retry';
import { outboxEventOf } from '../events/transaction-event';
import type { LockedBalance } from './balance-effects';
import type { OperationRecord, TransactionRecord, TransactionStatus } from './posting.records';

interface BalanceRow {
  id: string;
  ledger_id: string;
  account_id: string;
  alias: string;
  key: string;
  asset_code: string;
  available: string;
  on_hold: string;
  version: string;
  account_type: string;
  allow_sending: boolean;
  allow_receiving: boolean;
  blocked: boolean;
  direction: 'credit' | 'debit';
  balance_scope: 'transactional' | 'internal';
  overdraft_used: string;
  allow_overdraft: boolean;
  overdraft_limit: string | null;
}

interface OperationRouteRow {
  id: string;
  ledger_id: string;
  code: string | null;
  description: string | null;
  operation_type: OperationRouteType;
  account_rule_type: AccountRuleType | null;
  account_valid_if: string | string[] | null;
  accounting_entries: AccountingEntries | null;
}

export interface BalanceUpdate {
  id: string;
  available: Money;
  onHold: Money;
  overdraftUsed: Money;
  version: bigint;
  /** The version the posting read: the update applies only if the balance is still there. */
  expectedVersion: bigint;
}

export interface BalanceRef {
  ledgerId: string;
  alias: string;
  key: string;
}

/** Where an organization/ledger pair stands: the ledger exists only if both do. */
export interface LedgerCheck {
  organizationId: string;
  ledgerId: string;
  organizationExists: boolean;
  ledgerExists: boolean;
  /** The ledger's stored settings (jsonb), read with the check: postings apply them in memory. */
  settings: unknown;
  /** The amount ranges of the ledger's enabled fee packages (decision 0063). */
  feeRanges: FeeRange[];
}

export interface IdempotencyRef {
  ledgerId: string;
  key: string;
}

/** An idempotency key stored with the response of the posting that took it. */
export interface IdempotencyWrite extends IdempotencyRef {
  requestHash: string;
  ttlSec: number;
  response: unknown;
  transactionId: string;
}

export interface PostingReadInput {
  ledgers?: { organizationId: string; ledgerId: string }[];
  keys?: IdempotencyRef[];
  balances: BalanceRef[];
  /** Operation and transaction routes the postings name (accounting routes). */
  operationRoutes?: string[];
  transactionRoutes?: string[];
  lock: boolean;
}

/** A live idempotency key: the hash of the request that took it, and its response. */
export interface StoredIdempotency {
  requestHash: string;
  response: unknown;
}

export interface PostingRead {
  checks: LedgerCheck[];
  /** Live keys already stored, by `idempotencyRefKey`. */
  stored: Map<string, StoredIdempotency>;
  balances: LockedBalance[];
  routes: RouteCatalog;
}

export interface PostingWrite {
  balances: BalanceUpdate[];
  /** New transactions to insert, or an existing one whose status changes. */
  transactions:
    | { insert: TransactionRecord[] }
    | { update: { id: string; status: TransactionStatus; updatedAt: Date } };
  operations: OperationRecord[];
  /** Idempotency keys taken by these postings (`read` removed expired ones). */
  idempotency?: IdempotencyWrite[];
  /** The events these postings publish, written to the outbox in the same statement. */
  events: LedgerTransactionEvent[];
}

export const balanceRefKey = (ref: BalanceRef) => `${ref.ledgerId}#${ref.alias}#${ref.key}`;
export const idempotencyRefKey = (ref: IdempotencyRef) => `${ref.ledgerId}#${ref.key}`;

const money = (value: Money) => value.toFixed();

/** Columns of a new transaction row, as the write statement sends them (see SqlParams.recordset). */
const TRANSACTION_COLUMNS: Record<string, RecordsetColumn<TransactionRecord>> = {
  id: ['uuid', (t) => t.id],
  parent_transaction_id: ['uuid', (t) => t.parentTransactionId],
  organization_id: ['uuid', (t) => t.organizationId],
  ledger_id: ['uuid', (t) => t.ledgerId],
  description: ['text', (t) => t.description],
  kind: ['text', (t) => t.kind],
  status: ['text', (t) => t.status],
  status_description: ['text', (t) => t.statusDescription],
  amount: ['numeric', (t) => money(t.amount)],
  asset_code: ['text', (t) => t.assetCode],
  chart_of_accounts_group_name: ['text', (t) => t.chartOfAccountsGroupName],
  route: ['text', (t) => t.route],
  route_id: ['uuid', (t) => t.routeId],
  pending: ['boolean', (t) => t.pending],
  fees_skipped: ['boolean', (t) => t.feesSkipped],
  tracer_skipped: ['boolean', (t) => t.tracerSkipped],
  body: ['jsonb', (t) => t.body],
  metadata: ['jsonb', (t) => t.metadata],
  transaction_date: ['timestamptz', (t) => t.transactionDate],
  created_at: ['timestamptz', (t) => t.createdAt],
  updated_at: ['timestamptz', (t) => t.updatedAt],
};

/** Columns of a new operation row. */
const OPERATION_COLUMNS: Record<string, RecordsetColumn<OperationRecord>> = {
  id: ['uuid', (o) => o.id],
  transaction_id: ['uuid', (o) => o.transactionId],
  organization_id: ['uuid', (o) => o.organizationId],
  ledger_id: ['uuid', (o) => o.ledgerId],
  account_id: ['uuid', (o) => o.accountId],
  account_alias: ['text', (o) => o.accountAlias],
  balance_id: ['uuid', (o) => o.balanceId],
  balance_key: ['text', (o) => o.balanceKey],
  type: ['text', (o) => o.type],
  direction: ['text', (o) => o.direction],
  asset_code: ['text', (o) => o.assetCode],
  amount: ['numeric', (o) => money(o.amount)],
  available_before: ['numeric', (o) => money(o.availableBefore)],
  on_hold_before: ['numeric', (o) => money(o.onHoldBefore)],
  overdraft_used_before: ['numeric', (o) => money(o.overdraftUsedBefore)],
  version_before: ['bigint', (o) => `${o.versionBefore}`],
  available_after: ['numeric', (o) => money(o.availableAfter)],
  on_hold_after: ['numeric', (o) => money(o.onHoldAfter)],
  overdraft_used_after: ['numeric', (o) => money(o.overdraftUsedAfter)],
  version_after: ['bigint', (o) => `${o.versionAfter}`],
  balance_affected: ['boolean', (o) => o.balanceAffected],
  status: ['text', (o) => o.status],
  description: ['text', (o) => o.description],
  chart_of_accounts: ['text', (o) => o.chartOfAccounts],
  route_id: ['uuid', (o) => o.routeId],
  route_code: ['text', (o) => o.routeCode],
  route_description: ['text', (o) => o.routeDescription],
  metadata: ['jsonb', (o) => o.metadata],
  created_at: ['timestamptz', (o) => o.createdAt],
  updated_at: ['timestamptz', (o) => o.updatedAt],
};

/**
 * The hand-written SQL of the posting hot path. Balances are locked in id order (so
 * concurrent postings cannot deadlock on each other); everything a batch of postings writes —
 * balances, transactions, operations, idempotency records and outbox events — goes in one
 * statement.
 */
@Injectable()
export class PostingRepository {
  constructor(private readonly outbox: OutboxWriter) {}

  /**
   * Everything a batch of postings needs to know, in one round trip: which of its
   * organization/ledger pairs exist, the live idempotency keys already stored under its keys
   * (expired ones are removed, so they can be taken again), and its balances — locked in id order when `lock` is set, so concurrent batches wait for
   * each other instead of deadlocking.
   */
  async read(m: SqlStatements, input: PostingReadInput): Promise<PostingRead> {
    const p = new SqlParams();
    const pairs = input.ledgers ?? [];
    const keys = input.keys ?? [];
    const refs = input.balances;
    // Every row is reached through an index lookup per key (OFFSET 0 keeps the planner from
    // turning the lookups into a join), so plans do not depend on table statistics: a small,
    // heavily updated table would otherwise be scanned whole, dead rows included.
    const [row] = (await m.query(
      `WITH checks AS (
         SELECT p.organization_id, p.ledger_id,
                EXISTS (SELECT 1 FROM organization o
                         WHERE o.id = p.organization_id AND o.deleted_at IS NULL) AS org,
                l.id IS NOT NULL AS ledger, l.settings,
                -- Whether a fee package may apply is decided in memory (decision 0063).
                (SELECT coalesce(json_agg(json_build_array(f.minimum_amount::text,
                                                           f.maximum_amount::text)), '[]')
                   FROM fee_package f
                  WHERE f.ledger_id = p.ledger_id AND f.organization_id = p.organization_id
                    AND f.enable AND f.deleted_at IS NULL) AS fee_ranges
           FROM unnest(${p.add(
             pairs.map((x) => x.organizationId),
             'uuid[]',
           )},
                       ${p.add(
                         pairs.map((x) => x.ledgerId),
                         'uuid[]',
                       )}) AS p(organization_id, ledger_id)
           LEFT JOIN LATERAL (
                 SELECT id, settings FROM ledger
                  WHERE id = p.ledger_id AND organization_id = p.organization_id AND deleted_at IS NULL
                 OFFSET 0) l ON true),
       wanted AS (
         SELECT * FROM unnest(${p.add(
           keys.map((k) => k.ledgerId),
           'uuid[]',
         )},
                              ${p.add(
                                keys.map((k) => k.key),
                                'text[]',
                              )}) AS w(ledger_id, key)),
       expired AS (
         DELETE FROM idempotency_key
          WHERE ctid = ANY (ARRAY(
                  SELECT k.ctid FROM wanted w
                   CROSS JOIN LATERAL (
                         SELECT ctid FROM idempotency_key
                          WHERE ledger_id = w.ledger_id AND key = w.key AND expires_at < now()
                         OFFSET 0) k))),
       stored AS (
         SELECT k.ledger_id, k.key, k.request_hash, k.response
           FROM wanted w
           CROSS JOIN LATERAL (
                 SELECT ledger_id, key, request_hash, response FROM idempotency_key
                  WHERE ledger_id = w.ledger_id AND key = w.key AND expires_at >= now()
                 OFFSET 0) k),
       named AS (
         SELECT x.id, x.ledger_id, x.alias, x.allow_overdraft OR x.overdraft_used > 0 AS owes_or_may
           FROM unnest(${p.add(
             refs.map((r) => r.ledgerId),
             'uuid[]',
           )},
                       ${p.add(
                         refs.map((r) => r.alias),
                         'text[]',
                       )},
                       ${p.add(
                         refs.map((r) => r.key),
                         'text[]',
                       )}) AS k(ledger_id, alias, key)
           CROSS JOIN LATERAL (
                 SELECT id, ledger_id, alias, allow_overdraft, overdraft_used FROM balance
                  WHERE ledger_id = k.ledger_id AND alias = k.alias AND key = k.key AND deleted_at IS NULL
                 OFFSET 0) x),
       -- A balance that may draw on an overdraft, or owes one, brings its account's internal
       -- overdraft balance along: the posting may have to record the debt taken or repaid.
       companions AS (
         SELECT c.id
           FROM named n
           CROSS JOIN LATERAL (
                 SELECT id FROM balance
                  WHERE ledger_id = n.ledger_id AND alias = n.alias AND key = '${OVERDRAFT_BALANCE_KEY}'
                    AND deleted_at IS NULL
                 OFFSET 0) c
          WHERE n.owes_or_may),
       balances AS (
         SELECT b.id, b.ledger_id, b.account_id, b.alias, b.key, b.asset_code,
                b.available::text AS available, b.on_hold::text AS on_hold, b.version::text AS version,
                b.account_type, b.allow_sending, b.allow_receiving, a.blocked,
                b.direction, b.balance_scope, b.overdraft_used::text AS overdraft_used,
                b.allow_overdraft,
                CASE WHEN b.overdraft_limit_enabled THEN b.overdraft_limit::text END AS overdraft_limit
           FROM (SELECT id FROM named UNION SELECT id FROM companions) ids
           JOIN balance b ON b.id = ids.id
           JOIN account a ON a.id = b.account_id AND a.deleted_at IS NULL
          ORDER BY b.id
          ${input.lock ? 'FOR UPDATE OF b' : ''}),
       op_routes AS (
         SELECT r.* FROM unnest(${p.add(input.operationRoutes ?? [], 'uuid[]')}) AS w(id)
          CROSS JOIN LATERAL (
                SELECT id, ledger_id, code, description, operation_type, account_rule_type,
                       account_valid_if, accounting_entries
                  FROM operation_route WHERE id = w.id AND deleted_at IS NULL OFFSET 0) r),
       tx_routes AS (
         SELECT t.id, t.ledger_id,
                ARRAY(SELECT operation_route_id FROM transaction_route_operation_route l
                       WHERE l.transaction_route_id = t.id) AS operation_route_ids
           FROM unnest(${p.add(input.transactionRoutes ?? [], 'uuid[]')}) AS w(id)
          CROSS JOIN LATERAL (
                SELECT id, ledger_id FROM transaction_route
                 WHERE id = w.id AND deleted_at IS NULL OFFSET 0) t)
       SELECT (SELECT coalesce(json_agg(checks), '[]') FROM checks) AS checks,
              (SELECT coalesce(json_agg(op_routes), '[]') FROM op_routes) AS op_routes,
              (SELECT coalesce(json_agg(tx_routes), '[]') FROM tx_routes) AS tx_routes,
              (SELECT coalesce(json_agg(stored), '[]') FROM stored) AS stored,
              (SELECT coalesce(json_agg(balances), '[]') FROM balances) AS balances`,
      p.values,
      // Two texts (with and without FOR UPDATE), sent for every batch: planned once per
      // connection (decision 0064).
      { prepare: true },
    )) as {
      checks: {
        organization_id: string;
        ledger_id: string;
        org: boolean;
        ledger: boolean;
        settings: unknown;
        fee_ranges: [string, string][];
      }[];
      stored: { ledger_id: string; key: string; request_hash: string; response: unknown }[];
      balances: BalanceRow[];
      op_routes: OperationRouteRow[];
      tx_routes: { id: string; ledger_id: string; operation_route_ids: string[] }[];
    }[];
    return {
      checks: row.checks.map((c) => ({
        organizationId: c.organization_id,
        ledgerId: c.ledger_id,
        organizationExists: c.org,
        ledgerExists: c.org && c.ledger,
        settings: c.settings,
        feeRanges: c.fee_ranges.map(([minimum, maximum]) => ({
          minimum: new Money(minimum),
          maximum: new Money(maximum),
        })),
      })),
      stored: new Map(
        row.stored.map((k) => [
          idempotencyRefKey({ ledgerId: k.ledger_id, key: k.key }),
          { requestHash: k.request_hash, response: k.response },
        ]),
      ),
      balances: row.balances.map((b) => ({
        id: b.id,
        ledgerId: b.ledger_id,
        accountId: b.account_id,
        alias: b.alias,
        key: b.key,
        assetCode: b.asset_code,
        available: new Money(b.available),
        onHold: new Money(b.on_hold),
        version: BigInt(b.version),
        accountType: b.account_type,
        allowSending: b.allow_sending,
        allowReceiving: b.allow_receiving,
        blocked: b.blocked,
        direction: b.direction,
        scope: b.balance_scope,
        overdraftUsed: new Money(b.overdraft_used),
        allowOverdraft: b.allow_overdraft,
        overdraftLimit: b.overdraft_limit === null ? null : new Money(b.overdraft_limit),
      })),
      routes: {
        operation: new Map(
          row.op_routes.map((r) => [
            r.id,
            {
              id: r.id,
              ledgerId: r.ledger_id,
              code: r.code,
              description: r.description,
              operationType: r.operation_type,
              accountRuleType: r.account_rule_type,
              accountValidIf: r.account_valid_if,
              accountingEntries: r.accounting_entries ?? {},
            },
          ]),
        ),
        transaction: new Map(
          row.tx_routes.map((t) => [
            t.id,
            { id: t.id, ledgerId: t.ledger_id, operationRouteIds: t.operation_route_ids },
          ]),
        ),
      },
    };
  }

  /**
   * Writes everything in one statement. Its balances are locked first, in id order (so two
   * writes that did not hold their locks since reading wait for each other instead of
   * deadlocking); if any of them is no longer at the version the posting read, nothing is
   * written and PostingConflict is thrown, so the posting is retried on fresh balances.
   */
  async write(m: SqlStatements, write: PostingWrite): Promise<void> {
    const p = new SqlParams();
    const parts: string[] = [];
    let onlyIfCurrent = '';
    if (write.balances.length > 0) {
      const b = [...write.balances].sort((x, y) => (x.id < y.id ? -1 : 1));
      const expected = p.recordset(
        b,
        { id: ['uuid', (r) => r.id], expected_version: ['bigint', (r) => `${r.expectedVersion}`] },
        'k',
      );
      // One primary-key lookup per balance, in id order (see `read` on OFFSET 0). A row lock
      // returns the latest version of the row, whatever the statement's snapshot.
      parts.push(`locked AS MATERIALIZED (
        SELECT x.ctid, x.id, x.version
          FROM ${expected.from}
         CROSS JOIN LATERAL (SELECT ctid, id, version FROM balance WHERE id = k.id OFFSET 0 FOR UPDATE) x
         WHERE x.version = k.expected_version)`);
      parts.push(
        `current AS MATERIALIZED (SELECT count(*) = ${p.add(b.length, 'int')} AS ok FROM locked)`,
      );
      onlyIfCurrent = 'WHERE (SELECT ok FROM current)';
      // Versions are the ones the posting computed on the rows it read, so a balance touched
      // by several legs or postings of one batch ends at the version its last operation names.
      const updates = p.recordset(
        b,
        {
          id: ['uuid', (r) => r.id],
          available: ['numeric', (r) => money(r.available)],
          on_hold: ['numeric', (r) => money(r.onHold)],
          overdraft_used: ['numeric', (r) => money(r.overdraftUsed)],
          version: ['bigint', (r) => `${r.version}`],
        },
        'u',
      );
      parts.push(`upd AS (
        UPDATE balance AS b
           SET available = u.available, on_hold = u.on_hold, overdraft_used = u.overdraft_used,
               version = u.version, updated_at = now()
          FROM ${updates.from}
         WHERE b.ctid = ANY (ARRAY(SELECT ctid FROM locked)) AND b.id = u.id AND (SELECT ok FROM current)
        RETURNING b.id)`);
    }
    if ('insert' in write.transactions) {
      const t = write.transactions.insert;
      if (t.length > 0) {
        const rows = p.recordset(t, TRANSACTION_COLUMNS, 't');
        parts.push(`tx AS (
        INSERT INTO "transaction" (${rows.names})
        SELECT ${rows.names} FROM ${rows.from}
        ${onlyIfCurrent}
        RETURNING id)`);
      }
    } else {
      const t = write.transactions.update;
      parts.push(`tx AS (
        UPDATE "transaction" SET status = ${p.add(t.status)}, updated_at = ${p.add(t.updatedAt)}
         WHERE id = ${p.add(t.id)} ${onlyIfCurrent.replace('WHERE', 'AND')}
        RETURNING id)`);
    }
    if (write.operations.length > 0) {
      const rows = p.recordset(write.operations, OPERATION_COLUMNS, 'o');
      parts.push(`ops AS (
        INSERT INTO operation (${rows.names})
        SELECT ${rows.names} FROM ${rows.from}
        ${onlyIfCurrent}
        RETURNING id)`);
    }
    if (write.idempotency?.length) {
      // In key order, so that two batches inserting the same keys wait rather than deadlock.
      // A plain insert: a key another request stored meanwhile is a unique violation, and the
      // posting is retried (and then replays that request's response).
      const i = [...write.idempotency].sort((x, y) =>
        idempotencyRefKey(x) < idempotencyRefKey(y) ? -1 : 1,
      );
      const rows = p.recordset(
        i.map((row, n) => ({ row, n })),
        {
          ledger_id: ['uuid', ({ row }) => row.ledgerId],
          key: ['text', ({ row }) => row.key],
          request_hash: ['text', ({ row }) => row.requestHash],
          ttl: ['int', ({ row }) => row.ttlSec],
          response: ['jsonb', ({ row }) => row.response],
          transaction_id: ['uuid', ({ row }) => row.transactionId],
          n: ['int', ({ n }) => n],
        },
        'u',
      );
      parts.push(`idem AS (
        INSERT INTO idempotency_key (ledger_id, key, request_hash, expires_at, response, transaction_id)
        SELECT u.ledger_id, u.key, u.request_hash, now() + make_interval(secs => u.ttl), u.response,
               u.transaction_id
          FROM ${rows.from}
         ${onlyIfCurrent}
         ORDER BY u.n
        RETURNING key)`);
    }
    if (write.events.length > 0) {
      const events = write.events.map(outboxEventOf);
      parts.push(`outbox_event AS (
        ${this.outbox.insertSql(p, events, { where: onlyIfCurrent })})`);
    }
    if (parts.length === 0) return;
    const ok = onlyIfCurrent ? '(SELECT ok FROM current)' : 'true';
    // A handful of texts (which parts a batch has), every value a parameter: planned once per
    // connection (decision 0064).
    const [row] = (await m.query(`WITH ${parts.join(',\n')} SELECT ${ok} AS ok`, p.values, {
      prepare: true,
    })) as { ok: boolean }[];
    if (!row.ok) throw new PostingConflict();
  }

  /** The transaction row, locked when asked (NOWAIT: a concurrent settle fails fast). */
  async findTransaction(
    m: EntityManager,
    ledgerId: string,
    id: string,
    lock: 'none' | 'wait' | 'nowait' = 'none',
  ): Promise<TransactionRecord | undefined> {
    const entity = await m.findOne(TransactionEntity, {
      where: { id, ledgerId, deletedAt: IsNull() },
      ...(lock === 'none'
        ? {}
        : {
            lock: {
              mode: 'pessimistic_write' as const,
              ...(lock === 'nowait' ? { onLocked: 'nowait' as const } : {}),
            },
          }),
    });
    return entity ? transactionRecordOf(entity) : undefined;
  }

  async findOperations(m: EntityManager, transactionIds: string[]): Promise<OperationRecord[]> {
    if (transactionIds.length === 0) return [];
    const entities = await m.find(OperationEntity, {
      where: { transactionId: In(transactionIds), deletedAt: IsNull() },
      order: { id: 'ASC' },
    });
    return entities.map(operationRecordOf);
  }

  async hasRevert(m: EntityManager, transactionId: string): Promise<boolean> {
    const rows = await m.query(
      'SELECT 1 FROM "transaction" WHERE parent_transaction_id = $1 AND deleted_at IS NULL LIMIT 1',
      [transactionId],
    );
    return rows.length > 0;
  }
}

export function transactionRecordOf(e: TransactionEntity): TransactionRecord {
  return {
    ...e,
    kind: e.kind as TransactionRecord['kind'],
    status: e.status as TransactionStatus,
    amount: new Money(e.amount),
    metadata: e.metadata ?? {},
  };
}

export function operationRecordOf(e: OperationEntity): OperationRecord {
  return {
    ...e,
    type: e.type as OperationRecord['type'],
    direction: e.direction as OperationRecord['direction'],
    status: e.status as TransactionStatus,
    amount: new Money(e.amount),
    availableBefore: new Money(e.availableBefore),
    onHoldBefore: new Money(e.onHoldBefore),
    overdraftUsedBefore: new Money(e.overdraftUsedBefore),
    versionBefore: BigInt(e.versionBefore),
    availableAfter: new Money(e.availableAfter),
    onHoldAfter: new Money(e.onHoldAfter),
    overdraftUsedAfter: new Money(e.overdraftUsedAfter),
    versionAfter: BigInt(e.versionAfter),
    metadata: e.metadata ?? {},
  };
}

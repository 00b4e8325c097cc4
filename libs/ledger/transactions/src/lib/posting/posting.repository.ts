import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { Money } from '@finplat/ledger-onboarding';
import { PostingConflict } from '../common/retry';
import { SqlParams } from '../common/sql-params';
import { OperationEntity } from '../operations/operation.entity';
import { TransactionEntity } from '../transactions/transaction.entity';
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
}

export interface BalanceUpdate {
  id: string;
  available: Money;
  onHold: Money;
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
  lock: boolean;
}

export interface PostingRead {
  checks: LedgerCheck[];
  /** Live keys already stored, by `idempotencyRefKey`, with their response. */
  stored: Map<string, unknown>;
  balances: LockedBalance[];
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

/**
 * The hand-written SQL of the posting hot path. Balances are locked in id order (so
 * concurrent postings cannot deadlock on each other); everything a batch of postings writes —
 * balances, transactions, operations, idempotency records and outbox events — goes in one
 * statement.
 */
@Injectable()
export class PostingRepository {
  /**
   * Everything a batch of postings needs to know, in one round trip: which of its
   * organization/ledger pairs exist, the live idempotency keys already stored under its keys
   * (expired ones are removed, so they can be taken again), and its balances — locked in id order when `lock` is set, so concurrent batches wait for
   * each other instead of deadlocking.
   */
  async read(m: EntityManager, input: PostingReadInput): Promise<PostingRead> {
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
                EXISTS (SELECT 1 FROM ledger l
                         WHERE l.id = p.ledger_id AND l.organization_id = p.organization_id
                           AND l.deleted_at IS NULL) AS ledger
           FROM unnest(${p.add(
             pairs.map((x) => x.organizationId),
             'uuid[]',
           )},
                       ${p.add(
                         pairs.map((x) => x.ledgerId),
                         'uuid[]',
                       )}) AS p(organization_id, ledger_id)),
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
         SELECT k.ledger_id, k.key, k.response
           FROM wanted w
           CROSS JOIN LATERAL (
                 SELECT ledger_id, key, response FROM idempotency_key
                  WHERE ledger_id = w.ledger_id AND key = w.key AND expires_at >= now()
                 OFFSET 0) k),
       balances AS (
         SELECT b.id, b.ledger_id, b.account_id, b.alias, b.key, b.asset_code,
                b.available::text AS available, b.on_hold::text AS on_hold, b.version::text AS version,
                b.account_type, b.allow_sending, b.allow_receiving, a.blocked
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
                 SELECT id FROM balance
                  WHERE ledger_id = k.ledger_id AND alias = k.alias AND key = k.key AND deleted_at IS NULL
                 OFFSET 0) x
           JOIN balance b ON b.id = x.id
           JOIN account a ON a.id = b.account_id AND a.deleted_at IS NULL
          ORDER BY b.id
          ${input.lock ? 'FOR UPDATE OF b' : ''})
       SELECT (SELECT coalesce(json_agg(checks), '[]') FROM checks) AS checks,
              (SELECT coalesce(json_agg(stored), '[]') FROM stored) AS stored,
              (SELECT coalesce(json_agg(balances), '[]') FROM balances) AS balances`,
      p.values,
    )) as {
      checks: { organization_id: string; ledger_id: string; org: boolean; ledger: boolean }[];
      stored: { ledger_id: string; key: string; response: unknown }[];
      balances: BalanceRow[];
    }[];
    return {
      checks: row.checks.map((c) => ({
        organizationId: c.organization_id,
        ledgerId: c.ledger_id,
        organizationExists: c.org,
        ledgerExists: c.org && c.ledger,
      })),
      stored: new Map(
        row.stored.map((k) => [
          idempotencyRefKey({ ledgerId: k.ledger_id, key: k.key }),
          k.response,
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
      })),
    };
  }

  /**
   * Writes everything in one statement. Its balances are locked first, in id order (so two
   * writes that did not hold their locks since reading wait for each other instead of
   * deadlocking); if any of them is no longer at the version the posting read, nothing is
   * written and PostingConflict is thrown, so the posting is retried on fresh balances.
   */
  async write(m: EntityManager, write: PostingWrite): Promise<void> {
    const p = new SqlParams();
    const parts: string[] = [];
    const columns = <T, K extends keyof T>(
      rows: T[],
      key: K,
      cast: string,
      map?: (v: T[K]) => unknown,
    ) =>
      p.add(
        rows.map((row) => (map ? map(row[key]) : row[key])),
        cast,
      );
    const money = (v: unknown) => (v as Money).toFixed();
    const big = (v: unknown) => (v as bigint).toString();
    const json = (v: unknown) => JSON.stringify(v);
    let onlyIfCurrent = '';
    if (write.balances.length > 0) {
      const b = [...write.balances].sort((x, y) => (x.id < y.id ? -1 : 1));
      // One primary-key lookup per balance, in id order (see `read` on OFFSET 0). A row lock
      // returns the latest version of the row, whatever the statement's snapshot.
      parts.push(`locked AS MATERIALIZED (
        SELECT x.ctid, x.id, x.version
          FROM unnest(${columns(b, 'id', 'uuid[]')}, ${columns(b, 'expectedVersion', 'bigint[]', big)})
               AS k(id, expected_version)
         CROSS JOIN LATERAL (SELECT ctid, id, version FROM balance WHERE id = k.id OFFSET 0 FOR UPDATE) x
         WHERE x.version = k.expected_version)`);
      parts.push(
        `current AS MATERIALIZED (SELECT count(*) = ${p.add(b.length, 'int')} AS ok FROM locked)`,
      );
      onlyIfCurrent = 'WHERE (SELECT ok FROM current)';
      // Versions are the ones the posting computed on the rows it read, so a balance touched
      // by several legs or postings of one batch ends at the version its last operation names.
      parts.push(`upd AS (
        UPDATE balance AS b
           SET available = u.available, on_hold = u.on_hold, version = u.version, updated_at = now()
          FROM unnest(${columns(b, 'id', 'uuid[]')}, ${columns(b, 'available', 'numeric[]', money)},
                      ${columns(b, 'onHold', 'numeric[]', money)}, ${columns(b, 'version', 'bigint[]', big)})
               AS u(id, available, on_hold, version)
         WHERE b.ctid = ANY (ARRAY(SELECT ctid FROM locked)) AND b.id = u.id AND (SELECT ok FROM current)
        RETURNING b.id)`);
    }
    if ('insert' in write.transactions) {
      const t = write.transactions.insert;
      if (t.length > 0) {
        parts.push(`tx AS (
        INSERT INTO "transaction" (id, parent_transaction_id, organization_id, ledger_id, description, kind,
          status, status_description, amount, asset_code, chart_of_accounts_group_name, route, pending, body,
          metadata, transaction_date, created_at, updated_at)
        SELECT * FROM unnest(${columns(t, 'id', 'uuid[]')}, ${columns(t, 'parentTransactionId', 'uuid[]')},
          ${columns(t, 'organizationId', 'uuid[]')}, ${columns(t, 'ledgerId', 'uuid[]')},
          ${columns(t, 'description', 'text[]')}, ${columns(t, 'kind', 'text[]')}, ${columns(t, 'status', 'text[]')},
          ${columns(t, 'statusDescription', 'text[]')}, ${columns(t, 'amount', 'numeric[]', money)},
          ${columns(t, 'assetCode', 'text[]')}, ${columns(t, 'chartOfAccountsGroupName', 'text[]')},
          ${columns(t, 'route', 'text[]')}, ${columns(t, 'pending', 'boolean[]')}, ${columns(t, 'body', 'jsonb[]', json)},
          ${columns(t, 'metadata', 'jsonb[]', json)}, ${columns(t, 'transactionDate', 'timestamptz[]')},
          ${columns(t, 'createdAt', 'timestamptz[]')}, ${columns(t, 'updatedAt', 'timestamptz[]')})
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
      const o = write.operations;
      parts.push(`ops AS (
        INSERT INTO operation (id, transaction_id, organization_id, ledger_id, account_id, account_alias, balance_id,
          balance_key, type, direction, asset_code, amount, available_before, on_hold_before, version_before,
          available_after, on_hold_after, version_after, balance_affected, status, description, chart_of_accounts,
          metadata, created_at, updated_at)
        SELECT * FROM unnest(${columns(o, 'id', 'uuid[]')}, ${columns(o, 'transactionId', 'uuid[]')},
          ${columns(o, 'organizationId', 'uuid[]')}, ${columns(o, 'ledgerId', 'uuid[]')}, ${columns(o, 'accountId', 'uuid[]')},
          ${columns(o, 'accountAlias', 'text[]')}, ${columns(o, 'balanceId', 'uuid[]')}, ${columns(o, 'balanceKey', 'text[]')},
          ${columns(o, 'type', 'text[]')}, ${columns(o, 'direction', 'text[]')}, ${columns(o, 'assetCode', 'text[]')},
          ${columns(o, 'amount', 'numeric[]', money)}, ${columns(o, 'availableBefore', 'numeric[]', money)},
          ${columns(o, 'onHoldBefore', 'numeric[]', money)}, ${columns(o, 'versionBefore', 'bigint[]', big)},
          ${columns(o, 'availableAfter', 'numeric[]', money)}, ${columns(o, 'onHoldAfter', 'numeric[]', money)},
          ${columns(o, 'versionAfter', 'bigint[]', big)}, ${columns(o, 'balanceAffected', 'boolean[]')},
          ${columns(o, 'status', 'text[]')}, ${columns(o, 'description', 'text[]')}, ${columns(o, 'chartOfAccounts', 'text[]')},
          ${columns(o, 'metadata', 'jsonb[]', json)}, ${columns(o, 'createdAt', 'timestamptz[]')},
          ${columns(o, 'updatedAt', 'timestamptz[]')})
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
      parts.push(`idem AS (
        INSERT INTO idempotency_key (ledger_id, key, request_hash, expires_at, response, transaction_id)
        SELECT u.ledger_id, u.key, u.request_hash, now() + make_interval(secs => u.ttl), u.response,
               u.transaction_id
          FROM unnest(${columns(i, 'ledgerId', 'uuid[]')}, ${columns(i, 'key', 'text[]')},
                      ${columns(i, 'requestHash', 'text[]')}, ${columns(i, 'ttlSec', 'int[]')},
                      ${columns(i, 'response', 'jsonb[]', json)}, ${columns(i, 'transactionId', 'uuid[]')})
               WITH ORDINALITY AS u(ledger_id, key, request_hash, ttl, response, transaction_id, n)
         ${onlyIfCurrent}
         ORDER BY u.n
        RETURNING key)`);
    }
    if (write.events.length > 0) {
      const e = write.events;
      parts.push(`outbox_event AS (
        INSERT INTO outbox (id, aggregate_id, event_type, payload)
        SELECT * FROM unnest(${columns(e, 'id', 'uuid[]')}, ${columns(e, 'transactionId', 'uuid[]')},
                             ${columns(e, 'type', 'text[]')}, ${p.add(e.map(json), 'jsonb[]')})
        ${onlyIfCurrent}
        RETURNING id)`);
    }
    if (parts.length === 0) return;
    const ok = onlyIfCurrent ? '(SELECT ok FROM current)' : 'true';
    const [row] = (await m.query(`WITH ${parts.join(',\n')} SELECT ${ok} AS ok`, p.values)) as {
      ok: boolean;
    }[];
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
    versionBefore: BigInt(e.versionBefore),
    availableAfter: new Money(e.availableAfter),
    onHoldAfter: new Money(e.onHoldAfter),
    versionAfter: BigInt(e.versionAfter),
    metadata: e.metadata ?? {},
  };
}

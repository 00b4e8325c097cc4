import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { Money } from '@finplat/ledger-onboarding';
import { SqlParams } from '../common/sql-params';
import { OperationEntity } from '../operations/operation.entity';
import { TransactionEntity } from '../transactions/transaction.entity';
import type { LockedBalance } from './balance-effects';
import type { OperationRecord, TransactionRecord, TransactionStatus } from './posting.records';

interface BalanceRow {
  id: string;
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
}

export interface PostingWrite {
  balances: BalanceUpdate[];
  /** A new transaction to insert, or an existing one whose status changes. */
  transaction:
    | { insert: TransactionRecord }
    | { update: { id: string; status: TransactionStatus; updatedAt: Date } };
  operations: OperationRecord[];
  idempotency?: { ledgerId: string; key: string; response: unknown; transactionId: string };
  /** The event this posting publishes, written to the outbox in the same statement. */
  event: LedgerTransactionEvent;
}

/**
 * The hand-written SQL of the posting hot path. Balances are locked in id order (so
 * concurrent postings cannot deadlock on each other); everything a posting writes —
 * balances, the transaction, its operations, the idempotency record and the outbox event —
 * goes in one statement.
 */
@Injectable()
export class PostingRepository {
  async lockBalances(
    m: EntityManager,
    ledgerId: string,
    keys: { alias: string; key: string }[],
    options: { lock: boolean } = { lock: true },
  ): Promise<LockedBalance[]> {
    // Balances are found through the unique (ledger, alias, key) index first, so the plan does
    // not depend on table statistics; then they are locked in id order with their accounts.
    const rows: BalanceRow[] = await m.query(
      `SELECT b.id, b.account_id, b.alias, b.key, b.asset_code, b.available::text AS available,
              b.on_hold::text AS on_hold, b.version::text AS version, b.account_type,
              b.allow_sending, b.allow_receiving, a.blocked
         FROM balance b
         JOIN account a ON a.id = b.account_id AND a.deleted_at IS NULL
        WHERE b.id IN (
                SELECT x.id
                  FROM unnest($2::text[], $3::text[]) AS k(alias, key)
                  JOIN LATERAL (
                        SELECT id FROM balance
                         WHERE ledger_id = $1 AND alias = k.alias AND key = k.key AND deleted_at IS NULL
                       ) x ON true)
        ORDER BY b.id
        ${options.lock ? 'FOR UPDATE OF b' : ''}`,
      [ledgerId, keys.map((k) => k.alias), keys.map((k) => k.key)],
    );
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      alias: row.alias,
      key: row.key,
      assetCode: row.asset_code,
      available: new Money(row.available),
      onHold: new Money(row.on_hold),
      version: BigInt(row.version),
      accountType: row.account_type,
      allowSending: row.allow_sending,
      allowReceiving: row.allow_receiving,
      blocked: row.blocked,
    }));
  }

  async write(m: EntityManager, write: PostingWrite): Promise<void> {
    const p = new SqlParams();
    const parts: string[] = [];
    if (write.balances.length > 0) {
      parts.push(`upd AS (
        UPDATE balance AS b
           SET available = u.available, on_hold = u.on_hold, version = b.version + 1, updated_at = now()
          FROM unnest(${p.add(
            write.balances.map((b) => b.id),
            'uuid[]',
          )},
                      ${p.add(
                        write.balances.map((b) => b.available.toFixed()),
                        'numeric[]',
                      )},
                      ${p.add(
                        write.balances.map((b) => b.onHold.toFixed()),
                        'numeric[]',
                      )})
               AS u(id, available, on_hold)
         WHERE b.id = u.id
        RETURNING b.id)`);
    }
    if ('insert' in write.transaction) {
      const t = write.transaction.insert;
      parts.push(`tx AS (
        INSERT INTO "transaction" (id, parent_transaction_id, organization_id, ledger_id, description, kind,
          status, status_description, amount, asset_code, chart_of_accounts_group_name, route, pending, body,
          metadata, transaction_date, created_at, updated_at)
        VALUES (${p.add(t.id)}, ${p.add(t.parentTransactionId)}, ${p.add(t.organizationId)}, ${p.add(t.ledgerId)},
          ${p.add(t.description)}, ${p.add(t.kind)}, ${p.add(t.status)}, ${p.add(t.statusDescription)},
          ${p.add(t.amount.toFixed(), 'numeric')}, ${p.add(t.assetCode)}, ${p.add(t.chartOfAccountsGroupName)},
          ${p.add(t.route)}, ${p.add(t.pending)}, ${p.add(JSON.stringify(t.body), 'jsonb')},
          ${p.add(JSON.stringify(t.metadata), 'jsonb')}, ${p.add(t.transactionDate)}, ${p.add(t.createdAt)},
          ${p.add(t.updatedAt)})
        RETURNING id)`);
    } else {
      const t = write.transaction.update;
      parts.push(`tx AS (
        UPDATE "transaction" SET status = ${p.add(t.status)}, updated_at = ${p.add(t.updatedAt)}
         WHERE id = ${p.add(t.id)}
        RETURNING id)`);
    }
    if (write.operations.length > 0) {
      const ops = write.operations;
      const column = <K extends keyof OperationRecord>(
        key: K,
        cast: string,
        map?: (v: OperationRecord[K]) => unknown,
      ) =>
        p.add(
          ops.map((o) => (map ? map(o[key]) : o[key])),
          cast,
        );
      const money = (v: unknown) => (v as Money).toFixed();
      const big = (v: unknown) => (v as bigint).toString();
      parts.push(`ops AS (
        INSERT INTO operation (id, transaction_id, organization_id, ledger_id, account_id, account_alias, balance_id,
          balance_key, type, direction, asset_code, amount, available_before, on_hold_before, version_before,
          available_after, on_hold_after, version_after, balance_affected, status, description, chart_of_accounts,
          metadata, created_at, updated_at)
        SELECT * FROM unnest(${column('id', 'uuid[]')}, ${column('transactionId', 'uuid[]')},
          ${column('organizationId', 'uuid[]')}, ${column('ledgerId', 'uuid[]')}, ${column('accountId', 'uuid[]')},
          ${column('accountAlias', 'text[]')}, ${column('balanceId', 'uuid[]')}, ${column('balanceKey', 'text[]')},
          ${column('type', 'text[]')}, ${column('direction', 'text[]')}, ${column('assetCode', 'text[]')},
          ${column('amount', 'numeric[]', money)}, ${column('availableBefore', 'numeric[]', money)},
          ${column('onHoldBefore', 'numeric[]', money)}, ${column('versionBefore', 'bigint[]', big)},
          ${column('availableAfter', 'numeric[]', money)}, ${column('onHoldAfter', 'numeric[]', money)},
          ${column('versionAfter', 'bigint[]', big)}, ${column('balanceAffected', 'boolean[]')},
          ${column('status', 'text[]')}, ${column('description', 'text[]')}, ${column('chartOfAccounts', 'text[]')},
          ${column('metadata', 'jsonb[]', (v) => JSON.stringify(v))}, ${column('createdAt', 'timestamptz[]')},
          ${column('updatedAt', 'timestamptz[]')})
        RETURNING id)`);
    }
    if (write.idempotency) {
      const i = write.idempotency;
      parts.push(`idem AS (
        UPDATE idempotency_key SET response = ${p.add(JSON.stringify(i.response), 'jsonb')},
               transaction_id = ${p.add(i.transactionId)}
         WHERE ledger_id = ${p.add(i.ledgerId)} AND key = ${p.add(i.key)}
        RETURNING key)`);
    }
    const e = write.event;
    parts.push(`outbox_event AS (
      INSERT INTO outbox (id, aggregate_id, event_type, payload)
      VALUES (${p.add(e.id)}, ${p.add(e.transactionId)}, ${p.add(e.type)}, ${p.add(JSON.stringify(e), 'jsonb')})
      RETURNING id)`);
    const counted = ['upd', 'ops'].filter((name) =>
      parts.some((part) => part.startsWith(`${name} AS`)),
    );
    const select = counted.length
      ? counted.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`).join(', ')
      : '1 AS ok';
    const [result] = (await m.query(
      `WITH ${parts.join(',\n')} SELECT ${select}`,
      p.values,
    )) as Record<string, number>[];
    if (write.balances.length > 0 && result.upd !== write.balances.length) {
      throw new Error(`posting updated ${result.upd} of ${write.balances.length} balances`);
    }
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

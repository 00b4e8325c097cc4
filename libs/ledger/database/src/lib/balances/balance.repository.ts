import { Injectable } from '@nestjs/common';
import { LedgerErrors, type CursorPage, type CursorQueryDto } from '@finplat/ledger-domain';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import type { AccountEntity } from '../accounts/account.entity';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import { cursorPage } from '../common/list-queries';
import { BalanceEntity, DEFAULT_BALANCE_KEY } from './balance.entity';

export interface BalanceFlags {
  allowSending?: boolean;
  allowReceiving?: boolean;
}

/** A balance's overdraft settings as stored (amounts as numeric text). */
export interface StoredBalanceSettings {
  allowOverdraft: boolean;
  overdraftLimitEnabled: boolean;
  overdraftLimit: string | null;
}

/** What a PATCH changes: flags and, when given, the overdraft settings. */
export interface BalanceChanges extends BalanceFlags {
  settings?: StoredBalanceSettings;
}

/** One balance as of an instant, as the history query reads it. Amounts are `numeric` text. */
export interface BalanceAtInstant {
  id: string;
  organizationId: string;
  ledgerId: string;
  accountId: string;
  alias: string;
  key: string;
  assetCode: string;
  accountType: string;
  available: string;
  onHold: string;
  overdraftUsed: string;
  direction: 'credit' | 'debit';
  version: string;
  createdAt: Date;
  updatedAt: Date;
}

interface BalanceAtInstantRow {
  id: string;
  organization_id: string;
  ledger_id: string;
  account_id: string;
  alias: string;
  key: string;
  asset_code: string;
  account_type: string;
  direction: 'credit' | 'debit';
  created_at: Date;
  existed: boolean;
  operation_id: string | null;
  available_after: string | null;
  on_hold_after: string | null;
  overdraft_used_after: string | null;
  version_after: string | null;
  operation_at: Date | null;
}

/**
 * A balance and the last operation that changed it at or before `$date`. Operations that did not
 * affect the balance (annotations, pending destinations) are skipped; ties on the instant are
 * broken by the version the operation left, then by id.
 */
const AT_INSTANT = `
  SELECT b.id, b.organization_id, b.ledger_id, b.account_id, b.alias, b.key, b.asset_code,
         b.account_type, b.direction, b.created_at, b.created_at <= $1::timestamptz AS existed,
         o.id AS operation_id, o.available_after::text AS available_after,
         o.on_hold_after::text AS on_hold_after, o.version_after::text AS version_after,
         o.overdraft_used_after::text AS overdraft_used_after,
         o.created_at AS operation_at
    FROM balance b
    LEFT JOIN LATERAL (
      SELECT op.id, op.available_after, op.on_hold_after, op.overdraft_used_after, op.version_after,
             op.created_at
        FROM operation op
       WHERE op.balance_id = b.id
         AND op.created_at <= $1::timestamptz
         AND op.deleted_at IS NULL
         AND op.balance_affected
       ORDER BY op.created_at DESC, op.version_after DESC, op.id DESC
       LIMIT 1
    ) o ON true
   WHERE b.organization_id = $2 AND b.ledger_id = $3`;

function toBalanceAtInstant(row: BalanceAtInstantRow): BalanceAtInstant {
  const operated = row.operation_id !== null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    ledgerId: row.ledger_id,
    accountId: row.account_id,
    alias: row.alias,
    key: row.key,
    assetCode: row.asset_code,
    accountType: row.account_type,
    // A balance opens at zero, version 1; only operations move it.
    available: operated ? (row.available_after ?? '0') : '0',
    onHold: operated ? (row.on_hold_after ?? '0') : '0',
    overdraftUsed: operated ? (row.overdraft_used_after ?? '0') : '0',
    direction: row.direction,
    version: operated ? (row.version_after ?? '1') : '1',
    createdAt: row.created_at,
    updatedAt: operated && row.operation_at ? row.operation_at : row.created_at,
  };
}

/** Balance rows of the current tenant: opened with accounts, read, flagged and closed here. */
@Injectable()
export class BalanceRepository extends LedgerScopedRepository<BalanceEntity> {
  protected readonly entity = BalanceEntity;
  protected readonly alias = 'balance';

  constructor(db: TenantDb) {
    super(db);
  }

  /** Opens the account's `default` balance at zero, in the caller's transaction if any. */
  createDefault(account: AccountEntity): Promise<BalanceEntity> {
    return this.open(account, DEFAULT_BALANCE_KEY, {});
  }

  /** Opens another balance of the account at zero under `key` (already normalized). */
  createAdditional(
    account: AccountEntity,
    key: string,
    flags: BalanceFlags,
    settings?: StoredBalanceSettings,
  ): Promise<BalanceEntity> {
    return this.open(account, key, flags, settings);
  }

  /**
   * Opens the account's internal `overdraft` balance (direction debit) unless it exists: it
   * carries what the account owes while any of its balances draws on an overdraft.
   */
  ensureOverdraftBalance(account: AccountEntity, key: string): Promise<void> {
    return this.db.transaction(async (m) => {
      const existing = await m.findOneBy(BalanceEntity, {
        accountId: account.id,
        key,
        deletedAt: IsNull(),
      });
      if (existing) return;
      await this.open(account, key, {}, undefined, {
        direction: 'debit',
        balanceScope: 'internal',
      });
    });
  }

  /** The live balances of an account, oldest first. */
  findByAccount(accountId: string): Promise<BalanceEntity[]> {
    return this.db.transaction((m) =>
      m.find(BalanceEntity, {
        where: { accountId, deletedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
  }

  /** The live balance of the account with exactly this key. */
  findByAccountAndKey(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    key: string,
  ): Promise<BalanceEntity | null> {
    return this.findOneWhere(organizationId, ledgerId, { accountId, key });
  }

  /** A cursor page of the ledger's live balances, or of one account's when `accountId` is set. */
  list(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    accountId?: string,
  ): Promise<CursorPage<BalanceEntity>> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(BalanceEntity, 'balance')
        .where('balance.organization_id = :organizationId', { organizationId })
        .andWhere('balance.ledger_id = :ledgerId', { ledgerId })
        .andWhere('balance.deleted_at IS NULL');
      if (accountId) qb.andWhere('balance.account_id = :accountId', { accountId });
      return cursorPage(qb, query);
    });
  }

  /** Sets the given flags and settings (and nothing else) on a live balance; returns it, or null. */
  updateFlags(
    organizationId: string,
    ledgerId: string,
    id: string,
    flags: BalanceChanges,
  ): Promise<BalanceEntity | null> {
    return this.db.transaction(async (m) => {
      const changes: Partial<BalanceEntity> = { updatedAt: new Date() };
      if (flags.allowSending !== undefined) changes.allowSending = flags.allowSending;
      if (flags.allowReceiving !== undefined) changes.allowReceiving = flags.allowReceiving;
      if (flags.settings) Object.assign(changes, flags.settings);
      const result = await m.update(
        BalanceEntity,
        { id, organizationId, ledgerId, deletedAt: IsNull() },
        changes,
      );
      if (!result.affected) return null;
      return m.findOneBy(BalanceEntity, { id });
    });
  }

  /**
   * Soft-deletes one balance. The caller holds the row (FOR UPDATE) and has checked that it is
   * empty; the `available = 0 AND on_hold = 0` guard repeats that check in the statement itself.
   */
  softDelete(id: string): Promise<void> {
    return this.db.transaction(async (m) => {
      // A bare UPDATE … RETURNING comes back from TypeORM as [rows, count]; a CTE is a SELECT.
      const rows: { id: string }[] = await m.query(
        `WITH closed AS (
           UPDATE balance SET deleted_at = now(), updated_at = now()
            WHERE id = $1 AND deleted_at IS NULL AND available = 0 AND on_hold = 0
            RETURNING id)
         SELECT id FROM closed`,
        [id],
      );
      if (rows.length === 0) throw balanceHasFunds(id);
    });
  }

  /**
   * Soft-deletes every live balance of the account. The UPDATE locks the rows, so a posting
   * cannot slip in between the check and the delete; any balance still holding funds (available
   * or on hold) aborts the whole unit of work with 0093.
   */
  softDeleteByAccount(accountId: string): Promise<void> {
    return this.db.transaction(async (m) => {
      const rows: { id: string; has_funds: boolean }[] = await m.query(
        `WITH closed AS (
           UPDATE balance SET deleted_at = now(), updated_at = now()
            WHERE account_id = $1 AND deleted_at IS NULL
            RETURNING id, (available <> 0 OR on_hold <> 0) AS has_funds)
         SELECT id, has_funds FROM closed`,
        [accountId],
      );
      const funded = rows.find((row) => row.has_funds);
      if (funded) {
        throw new DomainError(
          LedgerErrors.BALANCE_HAS_FUNDS,
          `Balance ${funded.id} of account ${accountId} still holds funds; it cannot be deleted.`,
          { entityType: 'Balance' },
        );
      }
    });
  }

  /**
   * A live balance as of `date` (text PostgreSQL reads as timestamptz): `undefined` when there
   * is no such live balance, `null` when it did not exist yet at that instant.
   */
  atInstant(
    organizationId: string,
    ledgerId: string,
    id: string,
    date: string,
  ): Promise<BalanceAtInstant | null | undefined> {
    return this.db.transaction(async (m) => {
      const rows: BalanceAtInstantRow[] = await m.query(
        `${AT_INSTANT} AND b.id = $4 AND b.deleted_at IS NULL`,
        [date, organizationId, ledgerId, id],
      );
      const row = rows[0];
      if (!row) return undefined;
      if (!row.existed && row.operation_id === null) return null;
      return toBalanceAtInstant(row);
    });
  }

  /**
   * Every balance the account had at `date`: opened by then and not yet deleted then, each as
   * of that instant, in creation (id) order.
   */
  accountAtInstant(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    date: string,
  ): Promise<BalanceAtInstant[]> {
    return this.db.transaction(async (m) => {
      const rows: BalanceAtInstantRow[] = await m.query(
        `${AT_INSTANT} AND b.account_id = $4
            AND (b.deleted_at IS NULL OR b.deleted_at > $1::timestamptz)
            AND (b.created_at <= $1::timestamptz OR o.id IS NOT NULL)
          ORDER BY b.id`,
        [date, organizationId, ledgerId, accountId],
      );
      return rows.map(toBalanceAtInstant);
    });
  }

  private open(
    account: AccountEntity,
    key: string,
    flags: BalanceFlags,
    settings: StoredBalanceSettings = {
      allowOverdraft: false,
      overdraftLimitEnabled: false,
      overdraftLimit: null,
    },
    kind: Pick<BalanceEntity, 'direction' | 'balanceScope'> = {
      direction: 'credit',
      balanceScope: 'transactional',
    },
  ): Promise<BalanceEntity> {
    const now = new Date();
    const balance = Object.assign(new BalanceEntity(), {
      id: newId(),
      organizationId: account.organizationId,
      ledgerId: account.ledgerId,
      accountId: account.id,
      alias: account.alias,
      key,
      assetCode: account.assetCode,
      available: '0',
      onHold: '0',
      version: '1',
      accountType: account.type,
      allowSending: flags.allowSending ?? true,
      allowReceiving: flags.allowReceiving ?? true,
      ...kind,
      overdraftUsed: '0',
      ...settings,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    return this.db.transaction(async (m) => {
      await m.insert(BalanceEntity, balance);
      return balance;
    });
  }
}

const balanceHasFunds = (id: string) =>
  new DomainError(
    LedgerErrors.BALANCE_HAS_FUNDS,
    `Balance ${id} still holds funds (available or on hold); it cannot be deleted.`,
    { entityType: 'Balance' },
  );

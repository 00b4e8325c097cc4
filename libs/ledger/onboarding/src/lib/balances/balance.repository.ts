import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import type { AccountEntity } from '../accounts/account.entity';
import { LedgerErrors } from '../common/ledger.errors';
import { BalanceEntity, DEFAULT_BALANCE_KEY } from './balance.entity';

/** Balance rows of the current tenant. Onboarding only opens and closes them. */
@Injectable()
export class BalanceRepository {
  constructor(private readonly db: TenantDb) {}

  /** Opens the account's `default` balance at zero, in the caller's transaction if any. */
  createDefault(account: AccountEntity): Promise<BalanceEntity> {
    const now = new Date();
    const balance = Object.assign(new BalanceEntity(), {
      id: newId(),
      organizationId: account.organizationId,
      ledgerId: account.ledgerId,
      accountId: account.id,
      alias: account.alias,
      key: DEFAULT_BALANCE_KEY,
      assetCode: account.assetCode,
      available: '0',
      onHold: '0',
      version: '1',
      accountType: account.type,
      allowSending: true,
      allowReceiving: true,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    return this.db.transaction(async (m) => {
      await m.insert(BalanceEntity, balance);
      return balance;
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
}

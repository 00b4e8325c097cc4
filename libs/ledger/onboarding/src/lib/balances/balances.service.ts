import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import {
  AccountRepository,
  BalanceRepository,
  DEFAULT_BALANCE_KEY,
  withUniqueViolations,
  type AccountEntity,
  type BalanceEntity,
} from '@finplat/ledger-database';
import {
  entityNotFound,
  LedgerErrors,
  Money,
  OVERDRAFT_BALANCE_KEY,
  OverdraftErrors,
  resolveBalanceSettings,
  TRANSACTIONAL_SETTINGS,
  type CursorPage,
  type CursorQueryDto,
} from '@finplat/ledger-domain';
import { balanceSettingsOf, storedSettingsOf } from './balance-settings';
import { externalAliasOf, isExternalAccount } from '../accounts/account-rules';
import { LedgersService } from '../ledgers/ledgers.service';
import {
  toBalanceHistoryResponse,
  toBalanceResponse,
  type BalanceHistoryResponse,
  type BalanceResponse,
} from './dto/balance.response';
import type { CreateBalanceDto } from './dto/create-balance.dto';
import type { UpdateBalanceDto } from './dto/update-balance.dto';
import { parseHistoryDate } from './history-date';

/** What `…/alias/{alias}/balances` and `…/external/{code}/balances` answer (Midaz: limit 10). */
export interface BalanceList {
  items: BalanceResponse[];
  limit: number;
}

const ALIAS_LIST_LIMIT = 10;

const duplicateKey = (key: string) =>
  new DomainError(
    LedgerErrors.DUPLICATE_BALANCE_KEY,
    `The account already has a balance with key ${key}; use a different key.`,
    { entityType: 'Balance', fields: { key: 'already in use for this account' } },
  );

const noBalanceDataAt = (date: string) =>
  new DomainError(
    LedgerErrors.NO_BALANCE_DATA_AT_DATE,
    `No balance data is available at the specified date (${date}).`,
    { entityType: 'Balance' },
  );

@Injectable()
export class BalancesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly accounts: AccountRepository,
    private readonly balances: BalanceRepository,
    private readonly db: TenantDb,
  ) {}

  list(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
  ): Promise<CursorPage<BalanceResponse>> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const page = await this.balances.list(organizationId, ledgerId, query);
      return { ...page, items: page.items.map(toBalanceResponse) };
    });
  }

  get(organizationId: string, ledgerId: string, id: string): Promise<BalanceResponse> {
    return this.db.transaction(async () =>
      toBalanceResponse(await this.require(organizationId, ledgerId, id)),
    );
  }

  /**
   * Changes `allowSending` / `allowReceiving` and the overdraft settings only; amounts and
   * version are untouched. Internal balances are the ledger's own (0175). Allowing overdraft
   * opens the account's internal `overdraft` balance if it has none yet.
   */
  update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateBalanceDto,
  ): Promise<BalanceResponse> {
    return this.db.transaction(async () => {
      const current = await this.require(organizationId, ledgerId, id, { lock: true });
      if (current.balanceScope === 'internal') {
        throw new DomainError(
          OverdraftErrors.INTERNAL_BALANCE_UPDATE,
          `Balance ${id} is internal to the ledger; it cannot be updated.`,
          { entityType: 'Balance' },
        );
      }
      const settings = resolveBalanceSettings(
        balanceSettingsOf(current),
        dto.settings,
        new Money(current.overdraftUsed),
      );
      if (settings.allowOverdraft) {
        await this.openOverdraftBalance(organizationId, ledgerId, current.accountId);
      }
      const balance = await this.balances.updateFlags(organizationId, ledgerId, id, {
        allowSending: dto.allowSending,
        allowReceiving: dto.allowReceiving,
        ...(dto.settings ? { settings: storedSettingsOf(settings) } : {}),
      });
      if (!balance) throw entityNotFound('Balance', id);
      return toBalanceResponse(balance);
    });
  }

  /**
   * Soft-deletes an empty balance. The `default` balance lives as long as its account (0008:
   * delete the account instead); a balance with funds available or on hold is 0093.
   */
  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const balance = await this.require(organizationId, ledgerId, id, { lock: true });
      if (balance.balanceScope === 'internal') {
        throw new DomainError(
          OverdraftErrors.INTERNAL_BALANCE_DELETE,
          `Balance ${id} is internal to the ledger; it is deleted only with its account.`,
          { entityType: 'Balance' },
        );
      }
      if (balance.key === DEFAULT_BALANCE_KEY) {
        throw new DomainError(
          LedgerErrors.ACTION_NOT_PERMITTED,
          `Balance ${id} is the default balance of account ${balance.accountId}; it is deleted only with the account.`,
          { entityType: 'Balance' },
        );
      }
      await this.balances.softDelete(balance.id);
    });
  }

  /** The balance as of `date`: the state the last operation at or before it left. */
  historyOf(
    organizationId: string,
    ledgerId: string,
    id: string,
    date: string | undefined,
  ): Promise<BalanceHistoryResponse> {
    const at = parseHistoryDate(date);
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const balance = await this.balances.atInstant(organizationId, ledgerId, id, at.sql);
      if (balance === undefined) throw entityNotFound('Balance', id);
      if (balance === null) throw noBalanceDataAt(date ?? '');
      return toBalanceHistoryResponse(balance);
    });
  }

  listByAccount(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    query: CursorQueryDto,
  ): Promise<CursorPage<BalanceResponse>> {
    return this.db.transaction(async () => {
      await this.requireAccount(organizationId, ledgerId, accountId);
      const page = await this.balances.list(organizationId, ledgerId, query, accountId);
      return { ...page, items: page.items.map(toBalanceResponse) };
    });
  }

  /**
   * Opens another balance of the account under `key` (lower-cased, as Midaz does). A key the
   * account already has is 0123 (409, checked first, as in Midaz); external accounts hold only
   * their default balance (0124).
   */
  async createAdditional(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    dto: CreateBalanceDto,
  ): Promise<BalanceResponse> {
    const key = dto.key.toLowerCase();
    if (key === OVERDRAFT_BALANCE_KEY) {
      throw new DomainError(
        OverdraftErrors.RESERVED_BALANCE_KEY,
        `Balance key ${OVERDRAFT_BALANCE_KEY} is reserved for the ledger's internal overdraft balance.`,
        { entityType: 'Balance', fields: { key: 'reserved' } },
      );
    }
    const settings = resolveBalanceSettings(TRANSACTIONAL_SETTINGS, dto.settings, new Money(0));
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          // Holding the account row serializes this with the account's deletion.
          const account = await this.requireAccount(organizationId, ledgerId, accountId, {
            lock: true,
          });
          if (await this.balances.findByAccountAndKey(organizationId, ledgerId, accountId, key)) {
            throw duplicateKey(key);
          }
          if (isExternalAccount(account)) {
            throw new DomainError(
              LedgerErrors.ADDITIONAL_BALANCE_NOT_ALLOWED,
              `Additional balances are not allowed for external account ${account.alias}.`,
              { entityType: 'Balance' },
            );
          }
          if (settings.allowOverdraft) {
            await this.balances.ensureOverdraftBalance(account, OVERDRAFT_BALANCE_KEY);
          }
          const balance = await this.balances.createAdditional(
            account,
            key,
            dto,
            storedSettingsOf(settings),
          );
          return toBalanceResponse(balance);
        }),
      { balance_alias_key_uq: () => duplicateKey(key) },
    );
  }

  /** Every balance the account had at `date`, each as of that instant; none is 404 0141. */
  accountHistory(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    date: string | undefined,
  ): Promise<BalanceHistoryResponse[]> {
    const at = parseHistoryDate(date);
    return this.db.transaction(async () => {
      await this.requireAccount(organizationId, ledgerId, accountId);
      const balances = await this.balances.accountAtInstant(
        organizationId,
        ledgerId,
        accountId,
        at.sql,
      );
      if (balances.length === 0) throw noBalanceDataAt(date ?? '');
      return balances.map(toBalanceHistoryResponse);
    });
  }

  /**
   * The live balances of the account with this alias. As in Midaz, an alias no account has
   * answers an empty list, not 404.
   */
  listByAlias(organizationId: string, ledgerId: string, alias: string): Promise<BalanceList> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const account = await this.accounts.findByAlias(organizationId, ledgerId, alias);
      const balances = account ? await this.balances.findByAccount(account.id) : [];
      return { items: balances.map(toBalanceResponse), limit: ALIAS_LIST_LIMIT };
    });
  }

  /** The balances of the external account of an asset code (alias `@external/{code}`). */
  listExternal(organizationId: string, ledgerId: string, code: string): Promise<BalanceList> {
    return this.listByAlias(organizationId, ledgerId, externalAliasOf(code));
  }

  private async openOverdraftBalance(
    organizationId: string,
    ledgerId: string,
    accountId: string,
  ): Promise<void> {
    const account = await this.accounts.findById(organizationId, ledgerId, accountId);
    if (!account) throw entityNotFound('Account', accountId);
    await this.balances.ensureOverdraftBalance(account, OVERDRAFT_BALANCE_KEY);
  }

  private async require(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<BalanceEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const balance = await this.balances.findById(organizationId, ledgerId, id, options);
    if (!balance) throw entityNotFound('Balance', id);
    return balance;
  }

  private async requireAccount(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    options: { lock?: boolean } = {},
  ): Promise<AccountEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const account = await this.accounts.findById(organizationId, ledgerId, accountId, options);
    if (!account) throw entityNotFound('Account', accountId);
    return account;
  }
}

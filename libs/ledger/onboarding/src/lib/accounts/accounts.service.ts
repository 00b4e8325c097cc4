import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import {
  AccountRepository,
  AssetRepository,
  BalanceRepository,
  HolderRepository,
  withUniqueViolations,
  type AccountEntity,
} from '@finplat/ledger-database';
import {
  holderNotFound,
  LedgerErrors,
  mergeMetadata,
  resolveHolderRequirement,
  selfHolderIdOf,
  validateMetadata,
} from '@finplat/ledger-domain';
import { LedgerScopedService } from '../common/ledger-scoped.service';
import { LedgersService } from '../ledgers/ledgers.service';
import { PortfoliosService } from '../portfolios/portfolios.service';
import { SegmentsService } from '../segments/segments.service';
import { SettingsService } from '../settings/settings.service';
import {
  EXTERNAL_ACCOUNT_TYPE,
  externalAccountManipulation,
  externalAliasOf,
  isExternalAccount,
  newAccount,
  validateAlias,
} from './account-rules';
import { toAccountResponse, type AccountResponse } from './dto/account.response';
import type { CreateAccountDto } from './dto/create-account.dto';
import type { ListAccountsQueryDto } from './dto/list-accounts-query.dto';
import type { UpdateAccountDto } from './dto/update-account.dto';

const aliasUnavailable = (alias: string) =>
  new DomainError(
    LedgerErrors.ALIAS_UNAVAILABLE,
    `The alias ${alias} is already in use in this ledger.`,
    { entityType: 'Account', fields: { alias: 'already in use' } },
  );

const aliasNotFound = (alias: string) =>
  new DomainError(
    LedgerErrors.ACCOUNT_ALIAS_NOT_FOUND,
    `No account with alias ${alias} was found in this ledger.`,
    { entityType: 'Account' },
  );

@Injectable()
export class AccountsService extends LedgerScopedService<
  AccountEntity,
  AccountResponse,
  ListAccountsQueryDto
> {
  protected readonly entityType = 'Account';

  constructor(
    ledgers: LedgersService,
    private readonly portfolios: PortfoliosService,
    private readonly segments: SegmentsService,
    private readonly accounts: AccountRepository,
    private readonly assets: AssetRepository,
    private readonly balances: BalanceRepository,
    private readonly holders: HolderRepository,
    private readonly settings: SettingsService,
    db: TenantDb,
  ) {
    super(ledgers, accounts, db);
  }

  protected toResponse(row: AccountEntity): AccountResponse {
    return toAccountResponse(row);
  }

  /**
   * An external account is never deleted by hand; an account's balances go with it, refused
   * (0093) while one holds funds.
   */
  protected override async beforeRemove(account: AccountEntity): Promise<void> {
    if (isExternalAccount(account)) throw externalAccountManipulation('deleted');
    await this.balances.softDeleteByAccount(account.id);
  }

  /** Opens the account and its `default` balance in one database transaction. */
  async create(
    organizationId: string,
    ledgerId: string,
    dto: CreateAccountDto,
  ): Promise<AccountResponse> {
    const metadata = validateMetadata(dto.metadata);
    if (dto.alias != null) validateAlias(dto.alias);
    if (dto.type === EXTERNAL_ACCOUNT_TYPE) throw externalAccountManipulation('created by users');
    const conflict = () => aliasUnavailable(dto.alias ?? 'generated for this account');
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          await this.ledgers.require(organizationId, ledgerId);
          if (!(await this.assets.findByCode(organizationId, ledgerId, dto.assetCode))) {
            throw new DomainError(
              LedgerErrors.ASSET_CODE_NOT_FOUND,
              `The ledger has no asset with code ${dto.assetCode}.`,
              { entityType: 'Asset', fields: { assetCode: 'no such asset in the ledger' } },
            );
          }
          if (dto.parentAccountId) {
            await this.checkParent(organizationId, ledgerId, dto.parentAccountId, dto.assetCode);
          }
          let entityId = dto.entityId ?? null;
          if (dto.portfolioId) {
            const portfolio = await this.portfolios.require(
              organizationId,
              ledgerId,
              dto.portfolioId,
            );
            entityId ??= portfolio.entityId;
          }
          if (dto.segmentId) await this.segments.require(organizationId, ledgerId, dto.segmentId);
          const holderId = await this.holderOf(organizationId, dto.holderId);
          const holderCheckSkipped = resolveHolderRequirement(
            Boolean(dto.holderId),
            dto.skip?.holder,
            await this.settings.get(organizationId, ledgerId),
          );
          if (dto.alias && (await this.accounts.findByAlias(organizationId, ledgerId, dto.alias))) {
            throw aliasUnavailable(dto.alias);
          }
          const account = newAccount({
            organizationId,
            ledgerId,
            assetCode: dto.assetCode,
            type: dto.type,
            alias: dto.alias,
            name: dto.name,
            parentAccountId: dto.parentAccountId,
            portfolioId: dto.portfolioId,
            segmentId: dto.segmentId,
            entityId,
            holderId,
            holderCheckSkipped,
            blocked: dto.blocked,
            status: dto.status,
            metadata,
          });
          await this.accounts.insert(account);
          await this.balances.createDefault(account);
          return toAccountResponse(account);
        }),
      { account_alias_per_ledger_uq: conflict, balance_alias_key_uq: conflict },
    );
  }

  getByAlias(organizationId: string, ledgerId: string, alias: string): Promise<AccountResponse> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const account = await this.accounts.findByAlias(organizationId, ledgerId, alias);
      if (!account) throw aliasNotFound(alias);
      return toAccountResponse(account);
    });
  }

  /** The external account of an asset code: alias `@external/<code>`. */
  getExternal(organizationId: string, ledgerId: string, code: string): Promise<AccountResponse> {
    return this.getByAlias(organizationId, ledgerId, externalAliasOf(code));
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateAccountDto,
  ): Promise<AccountResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const account = await this.require(organizationId, ledgerId, id, { lock: true });
      if (isExternalAccount(account)) throw externalAccountManipulation('updated');
      if (dto.portfolioId) await this.portfolios.require(organizationId, ledgerId, dto.portfolioId);
      if (dto.segmentId) await this.segments.require(organizationId, ledgerId, dto.segmentId);
      if (dto.name) account.name = dto.name;
      if (dto.portfolioId !== undefined) account.portfolioId = dto.portfolioId;
      if (dto.segmentId !== undefined) account.segmentId = dto.segmentId;
      if (dto.entityId !== undefined) account.entityId = dto.entityId;
      if (dto.blocked !== undefined) account.blocked = dto.blocked;
      if (dto.status) {
        account.status = dto.status.code;
        account.statusDescription = dto.status.description ?? null;
      }
      account.metadata = mergeMetadata(account.metadata, patchMetadata);
      account.updatedAt = new Date();
      await this.accounts.save(account);
      return toAccountResponse(account);
    });
  }

  /**
   * The holder an account is opened for: null (the self-holder) when none is named or the
   * self-holder is; otherwise a live CRM holder of the organization (404 CRM-0006).
   */
  private async holderOf(
    organizationId: string,
    holderId: string | null | undefined,
  ): Promise<string | null> {
    if (!holderId || holderId === selfHolderIdOf(organizationId)) return null;
    if (!(await this.holders.findById(organizationId, holderId))) throw holderNotFound(holderId);
    return holderId;
  }

  /** A parent must be a live account of the same ledger (0029) holding the same asset (0030). */
  private async checkParent(
    organizationId: string,
    ledgerId: string,
    parentAccountId: string,
    assetCode: string,
  ): Promise<void> {
    const parent = await this.accounts.findById(organizationId, ledgerId, parentAccountId);
    if (!parent) {
      throw new DomainError(
        LedgerErrors.INVALID_PARENT_ACCOUNT,
        `The parent account ${parentAccountId} does not exist in this ledger.`,
        { entityType: 'Account', fields: { parentAccountId: 'no such account in the ledger' } },
      );
    }
    if (parent.assetCode !== assetCode) {
      throw new DomainError(
        LedgerErrors.MISMATCHED_ASSET_CODE,
        `The parent account holds ${parent.assetCode}, not ${assetCode}.`,
        { entityType: 'Account', fields: { parentAccountId: 'holds a different asset' } },
      );
    }
  }
}

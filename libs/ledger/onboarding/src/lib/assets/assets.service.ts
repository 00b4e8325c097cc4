import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import {
  AccountRepository,
  AssetEntity,
  AssetRepository,
  BalanceRepository,
  withUniqueViolations,
} from '@finplat/ledger-database';
import { LedgerErrors, mergeMetadata, validateMetadata } from '@finplat/ledger-domain';
import { externalAliasOf, newExternalAccount } from '../accounts/account-rules';
import { LedgerScopedService } from '../common/ledger-scoped.service';
import { LedgersService } from '../ledgers/ledgers.service';
import { validateAssetTypeAndCode } from './asset-rules';
import { toAssetResponse, type AssetResponse } from './dto/asset.response';
import type { CreateAssetDto } from './dto/create-asset.dto';
import type { ListAssetsQueryDto } from './dto/list-assets-query.dto';
import type { UpdateAssetDto } from './dto/update-asset.dto';

const duplicateAsset = (ledgerId: string) =>
  new DomainError(
    LedgerErrors.ASSET_NAME_OR_CODE_DUPLICATE,
    `An asset with the same name or code already exists in ledger ${ledgerId}.`,
    { entityType: 'Asset' },
  );

/** Every unique index a new asset (and its external account and balance) can hit. */
const assetUniqueIndexes = (ledgerId: string) => ({
  asset_code_per_ledger_uq: () => duplicateAsset(ledgerId),
  asset_name_per_ledger_uq: () => duplicateAsset(ledgerId),
  account_alias_per_ledger_uq: () => duplicateAsset(ledgerId),
  balance_alias_key_uq: () => duplicateAsset(ledgerId),
});

@Injectable()
export class AssetsService extends LedgerScopedService<
  AssetEntity,
  AssetResponse,
  ListAssetsQueryDto
> {
  protected readonly entityType = 'Asset';

  constructor(
    ledgers: LedgersService,
    private readonly assets: AssetRepository,
    private readonly accounts: AccountRepository,
    private readonly balances: BalanceRepository,
    db: TenantDb,
  ) {
    super(ledgers, assets, db);
  }

  protected toResponse(row: AssetEntity): AssetResponse {
    return toAssetResponse(row);
  }

  /**
   * The asset's external account and that account's balances go with it, refused (0093)
   * while the external account still holds funds.
   */
  protected override async beforeRemove(asset: AssetEntity, now: Date): Promise<void> {
    const { organizationId, ledgerId } = asset;
    const external = await this.accounts.findByAlias(
      organizationId,
      ledgerId,
      externalAliasOf(asset.code),
      { lock: true },
    );
    if (external) {
      await this.balances.softDeleteByAccount(external.id);
      external.deletedAt = now;
      external.updatedAt = now;
      await this.accounts.save(external);
    }
  }

  /**
   * Creates the asset, its external account `@external/<CODE>` and that account's default
   * balance in one database transaction: all three exist, or none.
   */
  async create(
    organizationId: string,
    ledgerId: string,
    dto: CreateAssetDto,
  ): Promise<AssetResponse> {
    validateAssetTypeAndCode(dto.type, dto.code);
    const metadata = validateMetadata(dto.metadata);
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          await this.ledgers.require(organizationId, ledgerId);
          if (await this.assets.findByNameOrCode(organizationId, ledgerId, dto.name, dto.code)) {
            throw duplicateAsset(ledgerId);
          }
          const now = new Date();
          const asset = Object.assign(new AssetEntity(), {
            id: newId(),
            organizationId,
            ledgerId,
            name: dto.name,
            type: dto.type,
            code: dto.code,
            status: dto.status?.code ?? 'ACTIVE',
            statusDescription: dto.status?.description ?? null,
            metadata,
            createdAt: now,
            updatedAt: now,
            deletedAt: null,
          });
          await this.assets.insert(asset);
          const alias = externalAliasOf(asset.code);
          if (!(await this.accounts.findByAlias(organizationId, ledgerId, alias))) {
            const external = newExternalAccount(organizationId, ledgerId, asset.code);
            await this.accounts.insert(external);
            await this.balances.createDefault(external);
          }
          return toAssetResponse(asset);
        }),
      assetUniqueIndexes(ledgerId),
    );
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateAssetDto,
  ): Promise<AssetResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          const asset = await this.require(organizationId, ledgerId, id, { lock: true });
          if (dto.name !== undefined && dto.name.toLowerCase() !== asset.name.toLowerCase()) {
            // The code cannot change, so only another asset's name can collide.
            if (await this.assets.findByName(organizationId, ledgerId, dto.name)) {
              throw duplicateAsset(ledgerId);
            }
          }
          if (dto.name !== undefined) asset.name = dto.name;
          if (dto.status) {
            asset.status = dto.status.code;
            asset.statusDescription = dto.status.description ?? null;
          }
          asset.metadata = mergeMetadata(asset.metadata, patchMetadata);
          asset.updatedAt = new Date();
          await this.assets.save(asset);
          return toAssetResponse(asset);
        }),
      assetUniqueIndexes(ledgerId),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AccountRepository } from '../accounts/account.repository';
import { externalAliasOf, newExternalAccount } from '../accounts/account-rules';
import { BalanceRepository } from '../balances/balance.repository';
import { LedgerErrors } from '../common/ledger.errors';
import { mergeMetadata, validateMetadata } from '../common/metadata';
import type { MetadataCondition } from '../common/metadata-filter';
import { entityNotFound } from '../common/not-found';
import { withUniqueViolations } from '../common/unique-violation';
import { LedgersService } from '../ledgers/ledgers.service';
import { validateAssetTypeAndCode } from './asset-rules';
import { AssetEntity } from './asset.entity';
import { AssetRepository } from './asset.repository';
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
export class AssetsService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly assets: AssetRepository,
    private readonly accounts: AccountRepository,
    private readonly balances: BalanceRepository,
    private readonly db: TenantDb,
  ) {}

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

  get(organizationId: string, ledgerId: string, id: string): Promise<AssetResponse> {
    return this.db.transaction(async () =>
      toAssetResponse(await this.require(organizationId, ledgerId, id)),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: ListAssetsQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<AssetResponse>> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const items = await this.assets.list(organizationId, ledgerId, query, metadata);
      return { items: items.map(toAssetResponse), page: query.page, limit: query.limit };
    });
  }

  count(organizationId: string, ledgerId: string): Promise<number> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      return this.assets.count(organizationId, ledgerId);
    });
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

  /**
   * Soft-deletes the asset with its external account and that account's balances, refusing
   * (0093) while the external account still holds funds.
   */
  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const asset = await this.require(organizationId, ledgerId, id, { lock: true });
      const now = new Date();
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
      asset.deletedAt = now;
      await this.assets.save(asset);
    });
  }

  /** The live asset of a live ledger, or 404 0007 naming what is missing. */
  async require(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<AssetEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const asset = await this.assets.findById(organizationId, ledgerId, id, options);
    if (!asset) throw entityNotFound('Asset', id);
    return asset;
  }
}

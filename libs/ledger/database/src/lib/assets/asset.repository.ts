import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import type { NamedListQuery } from '../common/list-queries';
import { likePrefix } from '../common/sql-like';
import { AssetEntity } from './asset.entity';

/**
 * What an asset list filters on besides name, status, page and date window; over HTTP,
 * ListAssetsQueryDto carries it.
 */
export interface AssetListQuery extends NamedListQuery {
  type?: string;
  asset_code?: string;
}

@Injectable()
export class AssetRepository extends LedgerScopedRepository<AssetEntity> {
  protected readonly entity = AssetEntity;
  protected readonly alias = 'asset';

  constructor(db: TenantDb) {
    super(db);
  }

  findByCode(organizationId: string, ledgerId: string, code: string): Promise<AssetEntity | null> {
    return this.findOneWhere(organizationId, ledgerId, { code });
  }

  /** A live asset of the ledger with this name, compared case-insensitively. */
  findByName(organizationId: string, ledgerId: string, name: string): Promise<AssetEntity | null> {
    return this.db.transaction((m) =>
      m
        .createQueryBuilder(AssetEntity, 'asset')
        .where('asset.organization_id = :organizationId', { organizationId })
        .andWhere('asset.ledger_id = :ledgerId', { ledgerId })
        .andWhere('lower(asset.name) = lower(:name)', { name })
        .andWhere('asset.deleted_at IS NULL')
        .getOne(),
    );
  }

  /** A live asset of the ledger with this code, or with this name compared case-insensitively. */
  findByNameOrCode(
    organizationId: string,
    ledgerId: string,
    name: string,
    code: string,
  ): Promise<AssetEntity | null> {
    return this.db.transaction((m) =>
      m
        .createQueryBuilder(AssetEntity, 'asset')
        .where('asset.organization_id = :organizationId', { organizationId })
        .andWhere('asset.ledger_id = :ledgerId', { ledgerId })
        .andWhere('(lower(asset.name) = lower(:name) OR asset.code = :code)', { name, code })
        .andWhere('asset.deleted_at IS NULL')
        .getOne(),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: AssetListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<AssetEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.type) qb.andWhere(`${a}.type = :type`, { type: query.type });
      if (query.asset_code) qb.andWhere(`${a}.code = :code`, { code: query.asset_code });
      if (query.status)
        qb.andWhere(`${a}.status = :status`, { status: query.status.toUpperCase() });
    });
  }
}

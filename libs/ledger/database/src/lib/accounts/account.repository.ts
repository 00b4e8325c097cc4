import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import type { NamedListQuery } from '../common/list-queries';
import { likePrefix } from '../common/sql-like';
import { AccountEntity } from './account.entity';

/**
 * What an account list filters on besides name, status, page and date window; over HTTP,
 * ListAccountsQueryDto carries it.
 */
export interface AccountListQuery extends NamedListQuery {
  alias?: string;
  asset_code?: string;
  type?: string;
  entity_id?: string;
  portfolio_id?: string;
  segment_id?: string;
  parent_account_id?: string;
  blocked?: 'true' | 'false';
}

@Injectable()
export class AccountRepository extends LedgerScopedRepository<AccountEntity> {
  protected readonly entity = AccountEntity;
  protected readonly alias = 'account';

  constructor(db: TenantDb) {
    super(db);
  }

  /** The live account of the ledger with exactly this alias. */
  findByAlias(
    organizationId: string,
    ledgerId: string,
    alias: string,
    options: { lock?: boolean } = {},
  ): Promise<AccountEntity | null> {
    return this.findOneWhere(organizationId, ledgerId, { alias }, options);
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: AccountListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<AccountEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.alias) qb.andWhere(`${a}.alias ILIKE :alias`, { alias: likePrefix(query.alias) });
      if (query.asset_code)
        qb.andWhere(`${a}.asset_code = :assetCode`, { assetCode: query.asset_code });
      if (query.type) qb.andWhere(`${a}.type = :type`, { type: query.type });
      if (query.status)
        qb.andWhere(`${a}.status = :status`, { status: query.status.toUpperCase() });
      if (query.entity_id) qb.andWhere(`${a}.entity_id = :entityId`, { entityId: query.entity_id });
      if (query.portfolio_id) {
        qb.andWhere(`${a}.portfolio_id = :portfolioId`, { portfolioId: query.portfolio_id });
      }
      if (query.segment_id)
        qb.andWhere(`${a}.segment_id = :segmentId`, { segmentId: query.segment_id });
      if (query.parent_account_id) {
        qb.andWhere(`${a}.parent_account_id = :parentId`, { parentId: query.parent_account_id });
      }
      if (query.blocked)
        qb.andWhere(`${a}.blocked = :blocked`, { blocked: query.blocked === 'true' });
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import type { NamedListQuery } from '../common/list-queries';
import { likePrefix } from '../common/sql-like';
import { PortfolioEntity } from './portfolio.entity';

/**
 * What a portfolio list filters on besides name, status, page and date window; over HTTP,
 * ListPortfoliosQueryDto carries it.
 */
export interface PortfolioListQuery extends NamedListQuery {
  entity_id?: string;
}

@Injectable()
export class PortfolioRepository extends LedgerScopedRepository<PortfolioEntity> {
  protected readonly entity = PortfolioEntity;
  protected readonly alias = 'portfolio';

  constructor(db: TenantDb) {
    super(db);
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: PortfolioListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<PortfolioEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.entity_id) qb.andWhere(`${a}.entity_id = :entityId`, { entityId: query.entity_id });
      if (query.status)
        qb.andWhere(`${a}.status = :status`, { status: query.status.toUpperCase() });
    });
  }
}

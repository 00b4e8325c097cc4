import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { MetadataCondition } from '../common/metadata-filter';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import { likePrefix } from '../common/sql-like';
import type { ListPortfoliosQueryDto } from './dto/list-portfolios-query.dto';
import { PortfolioEntity } from './portfolio.entity';

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
    query: ListPortfoliosQueryDto,
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

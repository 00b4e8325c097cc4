import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import type { NamedListQuery } from '../common/list-queries';
import { likePrefix } from '../common/sql-like';
import { SegmentEntity } from './segment.entity';

@Injectable()
export class SegmentRepository extends LedgerScopedRepository<SegmentEntity> {
  protected readonly entity = SegmentEntity;
  protected readonly alias = 'segment';

  constructor(db: TenantDb) {
    super(db);
  }

  /** A live segment of the ledger with this name, compared case-insensitively. */
  findByName(
    organizationId: string,
    ledgerId: string,
    name: string,
  ): Promise<SegmentEntity | null> {
    return this.db.transaction((m) =>
      m
        .createQueryBuilder(SegmentEntity, 'segment')
        .where('segment.organization_id = :organizationId', { organizationId })
        .andWhere('segment.ledger_id = :ledgerId', { ledgerId })
        .andWhere('lower(segment.name) = lower(:name)', { name })
        .andWhere('segment.deleted_at IS NULL')
        .getOne(),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: NamedListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<SegmentEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.status)
        qb.andWhere(`${a}.status = :status`, { status: query.status.toUpperCase() });
    });
  }
}

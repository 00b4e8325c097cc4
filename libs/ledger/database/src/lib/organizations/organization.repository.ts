import { Injectable } from '@nestjs/common';
import type { ListQueryDto, MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import { applyListQuery } from '../common/list-queries';
import { likePrefix } from '../common/sql-like';
import { withUniqueViolations } from '../common/unique-violation';
import { OrganizationEntity } from './organization.entity';

/**
 * What an organization list filters on besides the page and the date window; over HTTP,
 * ListOrganizationsQueryDto carries it.
 */
export interface OrganizationListQuery extends ListQueryDto {
  legal_name?: string;
  doing_business_as?: string;
  status?: string;
  legal_document?: string;
}

/** Organizations of the current tenant; soft-deleted rows are invisible. */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly db: TenantDb) {}

  /** A unique metadata index's violation becomes 409 0136 (see withUniqueViolations). */
  insert(organization: OrganizationEntity): Promise<void> {
    return withUniqueViolations(
      () =>
        this.db.transaction(async (m) => void (await m.insert(OrganizationEntity, organization))),
      {},
    );
  }

  save(organization: OrganizationEntity): Promise<void> {
    return withUniqueViolations(
      () => this.db.transaction(async (m) => void (await m.save(OrganizationEntity, organization))),
      {},
    );
  }

  /** `lock` holds the row (FOR UPDATE) until the surrounding transaction ends. */
  findById(id: string, options: { lock?: boolean } = {}): Promise<OrganizationEntity | null> {
    return this.db.transaction((m) =>
      m.findOne(OrganizationEntity, {
        where: { id, deletedAt: IsNull() },
        ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      }),
    );
  }

  list(
    query: OrganizationListQuery,
    metadata: MetadataCondition[] = [],
  ): Promise<OrganizationEntity[]> {
    return this.db.transaction((m) => {
      const qb = m.createQueryBuilder(OrganizationEntity, 'o');
      if (query.legal_name)
        qb.andWhere('o.legal_name ILIKE :ln', { ln: likePrefix(query.legal_name) });
      if (query.doing_business_as) {
        qb.andWhere('o.doing_business_as ILIKE :dba', { dba: likePrefix(query.doing_business_as) });
      }
      if (query.status) qb.andWhere('o.status = :status', { status: query.status.toUpperCase() });
      if (query.legal_document)
        qb.andWhere('o.legal_document = :doc', { doc: query.legal_document });
      return applyListQuery(qb, query, metadata).getMany();
    });
  }

  count(): Promise<number> {
    return this.db.transaction((m) => m.countBy(OrganizationEntity, { deletedAt: IsNull() }));
  }
}

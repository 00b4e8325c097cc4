import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import { applyListQuery, type NamedListQuery } from '../common/list-queries';
import { withUniqueViolations } from '../common/unique-violation';
import { likePrefix } from '../common/sql-like';
import { LedgerEntity } from './ledger.entity';

/** Ledgers of the current tenant, always addressed through their organization. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly db: TenantDb) {}

  /** A unique metadata index's violation becomes 409 0136 (see withUniqueViolations). */
  insert(ledger: LedgerEntity): Promise<void> {
    return withUniqueViolations(
      () => this.db.transaction(async (m) => void (await m.insert(LedgerEntity, ledger))),
      {},
    );
  }

  save(ledger: LedgerEntity): Promise<void> {
    return withUniqueViolations(
      () => this.db.transaction(async (m) => void (await m.save(LedgerEntity, ledger))),
      {},
    );
  }

  findById(
    organizationId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<LedgerEntity | null> {
    return this.db.transaction((m) =>
      m.findOne(LedgerEntity, {
        where: { id, organizationId, deletedAt: IsNull() },
        ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      }),
    );
  }

  /** A live ledger of the organization with this name, compared case-insensitively. */
  findByName(organizationId: string, name: string): Promise<LedgerEntity | null> {
    return this.db.transaction((m) =>
      m
        .createQueryBuilder(LedgerEntity, 'l')
        .where('l.organization_id = :organizationId', { organizationId })
        .andWhere('lower(l.name) = lower(:name)', { name })
        .andWhere('l.deleted_at IS NULL')
        .getOne(),
    );
  }

  list(
    organizationId: string,
    query: NamedListQuery,
    metadata: MetadataCondition[] = [],
  ): Promise<LedgerEntity[]> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(LedgerEntity, 'l')
        .where('l.organization_id = :organizationId', { organizationId });
      if (query.name) qb.andWhere('l.name ILIKE :name', { name: likePrefix(query.name) });
      if (query.status) qb.andWhere('l.status = :status', { status: query.status.toUpperCase() });
      return applyListQuery(qb, query, metadata).getMany();
    });
  }

  count(organizationId: string): Promise<number> {
    return this.db.transaction((m) =>
      m.countBy(LedgerEntity, { organizationId, deletedAt: IsNull() }),
    );
  }
}

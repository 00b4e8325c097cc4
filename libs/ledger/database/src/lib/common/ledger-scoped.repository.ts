import type { ListQueryDto, MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import {
  IsNull,
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  type SelectQueryBuilder,
} from 'typeorm';
import { applyListQuery } from './list-queries';
import { withUniqueViolations } from './unique-violation';

/** What every resource living inside a ledger has. */
export interface LedgerScopedRow {
  id: string;
  organizationId: string;
  ledgerId: string;
  deletedAt: Date | null;
}

/**
 * Reads and writes of one ledger-scoped entity. Every query names the organization and the
 * ledger, so a row is never reached through another ledger's path; soft-deleted rows are
 * invisible. Each call joins the caller's unit of work when there is one.
 */
export abstract class LedgerScopedRepository<T extends LedgerScopedRow> {
  protected abstract readonly entity: EntityTarget<T>;
  /** Alias of the entity's table in list queries. */
  protected abstract readonly alias: string;

  constructor(protected readonly db: TenantDb) {}

  /** A unique metadata index's violation becomes 409 0136 (see withUniqueViolations). */
  insert(row: T): Promise<void> {
    return withUniqueViolations(
      () => this.db.transaction(async (m) => void (await m.insert(this.entity, row as never))),
      {},
    );
  }

  save(row: T): Promise<void> {
    return withUniqueViolations(
      () => this.db.transaction(async (m) => void (await m.save(this.entity, row))),
      {},
    );
  }

  /** `lock` holds the row (FOR UPDATE) until the surrounding transaction ends. */
  findById(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<T | null> {
    return this.findOneWhere(organizationId, ledgerId, { id } as FindOptionsWhere<T>, options);
  }

  count(organizationId: string, ledgerId: string): Promise<number> {
    return this.db.transaction((m) => m.countBy(this.entity, this.live(organizationId, ledgerId)));
  }

  protected findOneWhere(
    organizationId: string,
    ledgerId: string,
    where: FindOptionsWhere<T>,
    options: { lock?: boolean } = {},
  ): Promise<T | null> {
    return this.db.transaction((m) =>
      m.findOne(this.entity, {
        where: { ...where, ...this.live(organizationId, ledgerId) },
        ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      }),
    );
  }

  /**
   * A page of the ledger's live rows: `filter` adds the resource's own field filters, then the
   * shared rules apply (metadata, date window, order, page).
   */
  protected listWhere(
    organizationId: string,
    ledgerId: string,
    query: ListQueryDto,
    metadata: readonly MetadataCondition[],
    filter: (qb: SelectQueryBuilder<T>, alias: string) => void,
  ): Promise<T[]> {
    return this.db.transaction((m: EntityManager) => {
      const a = this.alias;
      const qb = m
        .createQueryBuilder(this.entity, a)
        .where(`${a}.organization_id = :organizationId`, { organizationId })
        .andWhere(`${a}.ledger_id = :ledgerId`, { ledgerId });
      filter(qb, a);
      return applyListQuery(qb, query, metadata).getMany();
    });
  }

  private live(organizationId: string, ledgerId: string): FindOptionsWhere<T> {
    return { organizationId, ledgerId, deletedAt: IsNull() } as FindOptionsWhere<T>;
  }
}

import type { Page } from '@finplat/platform';
import type { TenantDb } from '@finplat/tenancy';
import type { LedgerScopedRepository, LedgerScopedRow } from '@finplat/ledger-database';
import { entityNotFound, type ListQueryDto, type MetadataCondition } from '@finplat/ledger-domain';
import type { LedgersService } from '../ledgers/ledgers.service';

/** A ledger-scoped repository that can also list its rows with its own query. */
export interface ListingRepository<
  E extends LedgerScopedRow,
  Q extends ListQueryDto,
> extends LedgerScopedRepository<E> {
  list(
    organizationId: string,
    ledgerId: string,
    query: Q,
    metadata: readonly MetadataCondition[],
  ): Promise<E[]>;
}

/**
 * What every resource living inside a ledger does the same way: get, list, count and soft
 * delete, each in one unit of work that first requires the organization and the ledger to be
 * live, and 404 0007 naming the resource when its row is missing. A resource adds its create
 * and update, and whatever its deletion involves besides (`beforeRemove`).
 */
export abstract class LedgerScopedService<E extends LedgerScopedRow, R, Q extends ListQueryDto> {
  /** The resource's name in 404 messages (`entityType` of the error envelope). */
  protected abstract readonly entityType: string;

  protected constructor(
    protected readonly ledgers: LedgersService,
    private readonly rows: ListingRepository<E, Q>,
    protected readonly db: TenantDb,
  ) {}

  protected abstract toResponse(row: E): R;

  get(organizationId: string, ledgerId: string, id: string): Promise<R> {
    return this.db.transaction(async () =>
      this.toResponse(await this.require(organizationId, ledgerId, id)),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: Q,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<R>> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const items = await this.rows.list(organizationId, ledgerId, query, metadata);
      return {
        items: items.map((row) => this.toResponse(row)),
        page: query.page,
        limit: query.limit,
      };
    });
  }

  count(organizationId: string, ledgerId: string): Promise<number> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      return this.rows.count(organizationId, ledgerId);
    });
  }

  /** Soft delete: the row stays, invisible to every read. */
  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const row = await this.require(organizationId, ledgerId, id, { lock: true });
      const now = new Date();
      await this.beforeRemove(row, now);
      row.deletedAt = now;
      await this.rows.save(row);
    });
  }

  /** The live row of a live ledger, or 404 0007 naming what is missing. */
  async require(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<E> {
    await this.ledgers.require(organizationId, ledgerId);
    const row = await this.rows.findById(organizationId, ledgerId, id, options);
    if (!row) throw entityNotFound(this.entityType, id);
    return row;
  }

  /** What else goes (or refuses to go) with the row, inside the same unit of work. */
  protected async beforeRemove(_row: E, _now: Date): Promise<void> {
    // nothing by default
  }
}

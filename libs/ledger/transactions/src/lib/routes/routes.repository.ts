import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { In, IsNull, type EntityManager } from 'typeorm';
import {
  applyMetadataFilter,
  cursorPage,
  OperationRouteEntity,
  TransactionRouteEntity,
} from '@finplat/ledger-database';
import type { CursorPage, CursorQueryDto, MetadataCondition } from '@finplat/ledger-domain';

/** Operation and transaction routes of the current tenant, always addressed through their ledger. */
@Injectable()
export class RoutesRepository {
  constructor(private readonly db: TenantDb) {}

  findOperationRoute(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    id: string,
    lock = false,
  ): Promise<OperationRouteEntity | null> {
    return m.findOne(OperationRouteEntity, {
      where: { id, organizationId, ledgerId, deletedAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The live operation routes of the ledger with these ids, in the order asked. */
  async findOperationRoutes(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    ids: string[],
  ): Promise<OperationRouteEntity[]> {
    if (ids.length === 0) return [];
    const rows = await m.find(OperationRouteEntity, {
      where: { id: In(ids), organizationId, ledgerId, deletedAt: IsNull() },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  findTransactionRoute(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    id: string,
    lock = false,
  ): Promise<TransactionRouteEntity | null> {
    return m.findOne(TransactionRouteEntity, {
      where: { id, organizationId, ledgerId, deletedAt: IsNull() },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Operation route ids linked to each transaction route, in link order. */
  async linksOf(m: EntityManager, transactionRouteIds: string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>(transactionRouteIds.map((id) => [id, []]));
    if (transactionRouteIds.length === 0) return links;
    const rows: { transaction_route_id: string; operation_route_id: string }[] = await m.query(
      `SELECT transaction_route_id, operation_route_id FROM transaction_route_operation_route
        WHERE transaction_route_id = ANY($1::uuid[]) ORDER BY operation_route_id`,
      [transactionRouteIds],
    );
    for (const row of rows) links.get(row.transaction_route_id)?.push(row.operation_route_id);
    return links;
  }

  async setLinks(m: EntityManager, transactionRouteId: string, operationRouteIds: string[]) {
    await m.query('DELETE FROM transaction_route_operation_route WHERE transaction_route_id = $1', [
      transactionRouteId,
    ]);
    await m.query(
      `INSERT INTO transaction_route_operation_route (transaction_route_id, operation_route_id)
       SELECT $1, unnest($2::uuid[])`,
      [transactionRouteId, operationRouteIds],
    );
  }

  /** Whether a live transaction route still links the operation route (0107). */
  async isLinked(m: EntityManager, operationRouteId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM transaction_route_operation_route l
         JOIN transaction_route t ON t.id = l.transaction_route_id AND t.deleted_at IS NULL
        WHERE l.operation_route_id = $1 LIMIT 1`,
      [operationRouteId],
    );
    return rows.length > 0;
  }

  listOperationRoutes(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    metadata: MetadataCondition[],
  ): Promise<CursorPage<OperationRouteEntity>> {
    return this.db.transaction((m) =>
      cursorPage(
        applyMetadataFilter(
          m
            .createQueryBuilder(OperationRouteEntity, 'r')
            .where('r.organization_id = :organizationId AND r.ledger_id = :ledgerId', {
              organizationId,
              ledgerId,
            })
            .andWhere('r.deleted_at IS NULL'),
          metadata,
        ),
        query,
      ),
    );
  }

  listTransactionRoutes(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    metadata: MetadataCondition[],
  ): Promise<CursorPage<TransactionRouteEntity>> {
    return this.db.transaction((m) =>
      cursorPage(
        applyMetadataFilter(
          m
            .createQueryBuilder(TransactionRouteEntity, 'r')
            .where('r.organization_id = :organizationId AND r.ledger_id = :ledgerId', {
              organizationId,
              ledgerId,
            })
            .andWhere('r.deleted_at IS NULL'),
          metadata,
        ),
        query,
      ),
    );
  }
}

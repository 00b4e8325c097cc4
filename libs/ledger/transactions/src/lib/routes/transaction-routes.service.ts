import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { LedgersService } from '@finplat/ledger-onboarding';
import { TransactionRouteEntity } from '@finplat/ledger-database';
import {
  entityNotFound,
  mergeMetadata,
  validateMetadata,
  type CursorPage,
  type CursorQueryDto,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import type {
  CreateTransactionRouteDto,
  UpdateTransactionRouteDto,
} from './dto/transaction-route.dto';
import { RouteErrors } from './route.errors';
import { routeAdmitsSide } from './route-rules';
import { toTransactionRouteResponse, type TransactionRouteResponse } from './route.response';
import { RoutesRepository } from './routes.repository';

@Injectable()
export class TransactionRoutesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly routes: RoutesRepository,
    private readonly db: TenantDb,
  ) {}

  create(
    organizationId: string,
    ledgerId: string,
    dto: CreateTransactionRouteDto,
  ): Promise<TransactionRouteResponse> {
    const metadata = validateMetadata(dto.metadata);
    return this.db.transaction(async (m) => {
      await this.ledgers.require(organizationId, ledgerId);
      const ids = await this.checkedLinks(m, organizationId, ledgerId, dto.operationRoutes);
      const now = new Date();
      const route = Object.assign(new TransactionRouteEntity(), {
        id: newId(),
        organizationId,
        ledgerId,
        title: dto.title,
        description: dto.description ?? null,
        metadata,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await m.insert(TransactionRouteEntity, route);
      await this.routes.setLinks(m, route.id, ids);
      return this.respond(m, organizationId, ledgerId, route);
    });
  }

  get(organizationId: string, ledgerId: string, id: string): Promise<TransactionRouteResponse> {
    return this.db.transaction(async (m) =>
      this.respond(
        m,
        organizationId,
        ledgerId,
        await this.require(m, organizationId, ledgerId, id),
      ),
    );
  }

  async list(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    metadata: MetadataCondition[],
  ): Promise<CursorPage<TransactionRouteResponse>> {
    await this.ledgers.require(organizationId, ledgerId);
    const page = await this.routes.listTransactionRoutes(organizationId, ledgerId, query, metadata);
    return this.db.transaction(async (m) => {
      const links = await this.routes.linksOf(
        m,
        page.items.map((r) => r.id),
      );
      const all = await this.routes.findOperationRoutes(m, organizationId, ledgerId, [
        ...new Set([...links.values()].flat()),
      ]);
      const byId = new Map(all.map((r) => [r.id, r]));
      return {
        ...page,
        items: page.items.map((route) =>
          toTransactionRouteResponse(
            route,
            (links.get(route.id) ?? []).flatMap((id) => byId.get(id) ?? []),
          ),
        ),
      };
    });
  }

  update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateTransactionRouteDto,
  ): Promise<TransactionRouteResponse> {
    const patch = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async (m) => {
      const route = await this.require(m, organizationId, ledgerId, id, true);
      if (dto.operationRoutes !== undefined) {
        const ids = await this.checkedLinks(m, organizationId, ledgerId, dto.operationRoutes);
        await this.routes.setLinks(m, id, ids);
      }
      if (dto.title !== undefined) route.title = dto.title;
      if (dto.description !== undefined) route.description = dto.description;
      route.metadata = mergeMetadata(route.metadata, patch);
      route.updatedAt = new Date();
      await m.save(TransactionRouteEntity, route);
      return this.respond(m, organizationId, ledgerId, route);
    });
  }

  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const route = await this.require(m, organizationId, ledgerId, id, true);
      route.deletedAt = new Date();
      await m.save(TransactionRouteEntity, route);
    });
  }

  /**
   * The distinct operation routes to link: each must be a live route of this ledger (0101),
   * and together they must cover both sides of a transaction (0104).
   */
  private async checkedLinks(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    requested: string[],
  ): Promise<string[]> {
    const ids = [...new Set(requested)];
    const found = await this.routes.findOperationRoutes(m, organizationId, ledgerId, ids);
    const missing = ids.find((id) => !found.some((r) => r.id === id));
    if (missing) {
      throw new DomainError(
        RouteErrors.OPERATION_ROUTE_NOT_FOUND,
        `Operation route ${missing} does not exist in this ledger.`,
        { entityType: 'OperationRoute', fields: { operationRoutes: missing } },
      );
    }
    for (const side of ['source', 'destination'] as const) {
      if (!found.some((r) => routeAdmitsSide(r.operationType, side))) {
        throw new DomainError(
          RouteErrors.MISSING_OPERATION_ROUTES,
          `A transaction route needs at least one ${side} (or bidirectional) operation route.`,
          { entityType: 'TransactionRoute', fields: { operationRoutes: `no ${side} route` } },
        );
      }
    }
    return ids;
  }

  private async respond(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    route: TransactionRouteEntity,
  ): Promise<TransactionRouteResponse> {
    const links = await this.routes.linksOf(m, [route.id]);
    const operationRoutes = await this.routes.findOperationRoutes(
      m,
      organizationId,
      ledgerId,
      links.get(route.id) ?? [],
    );
    return toTransactionRouteResponse(route, operationRoutes);
  }

  private async require(
    m: EntityManager,
    organizationId: string,
    ledgerId: string,
    id: string,
    lock = false,
  ): Promise<TransactionRouteEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const route = await this.routes.findTransactionRoute(m, organizationId, ledgerId, id, lock);
    if (!route) throw entityNotFound('TransactionRoute', id);
    return route;
  }
}

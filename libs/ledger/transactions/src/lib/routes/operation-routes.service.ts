import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { LedgersService } from '@finplat/ledger-onboarding';
import {
  OperationRouteEntity,
  withUniqueViolations,
  type AccountingEntries,
} from '@finplat/ledger-database';
import {
  entityNotFound,
  mergeMetadata,
  validateMetadata,
  type CursorPage,
  type CursorQueryDto,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import type {
  AccountingEntriesDto,
  CreateOperationRouteDto,
  UpdateOperationRouteDto,
} from './dto/operation-route.dto';
import { RouteErrors } from './route.errors';
import { parseAccountRule, parseOperationType } from './route-rules';
import { toOperationRouteResponse, type OperationRouteResponse } from './route.response';
import { RoutesRepository } from './routes.repository';

const titleTaken = (title: string) =>
  new DomainError(RouteErrors.TITLE_EXISTS, `An operation route titled ${title} already exists.`, {
    entityType: 'OperationRoute',
    fields: { title: 'already in use' },
  });

/** The actions a request names (DTO instances carry every declared field, unset ones undefined). */
function definedEntries(entries: AccountingEntriesDto | undefined): AccountingEntries {
  return Object.fromEntries(
    Object.entries(entries ?? {}).filter(([, value]) => value !== undefined),
  ) as AccountingEntries;
}

@Injectable()
export class OperationRoutesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly routes: RoutesRepository,
    private readonly db: TenantDb,
  ) {}

  create(
    organizationId: string,
    ledgerId: string,
    dto: CreateOperationRouteDto,
  ): Promise<OperationRouteResponse> {
    const metadata = validateMetadata(dto.metadata);
    const operationType = parseOperationType(dto.operationType);
    const account = dto.account ? parseAccountRule(dto.account) : undefined;
    return withUniqueViolations(
      () =>
        this.db.transaction(async (m) => {
          await this.ledgers.require(organizationId, ledgerId);
          const now = new Date();
          const route = Object.assign(new OperationRouteEntity(), {
            id: newId(),
            organizationId,
            ledgerId,
            title: dto.title,
            description: dto.description ?? null,
            code: dto.code ?? null,
            operationType,
            accountRuleType: account?.ruleType ?? null,
            accountValidIf: account?.validIf ?? null,
            accountingEntries: definedEntries(dto.accountingEntries),
            metadata,
            createdAt: now,
            updatedAt: now,
            deletedAt: null,
          });
          await m.insert(OperationRouteEntity, route);
          return toOperationRouteResponse(route);
        }),
      { operation_route_title_uq: () => titleTaken(dto.title) },
    );
  }

  get(organizationId: string, ledgerId: string, id: string): Promise<OperationRouteResponse> {
    return this.db.transaction(async (m) =>
      toOperationRouteResponse(await this.require(m, organizationId, ledgerId, id)),
    );
  }

  async list(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    metadata: MetadataCondition[],
  ): Promise<CursorPage<OperationRouteResponse>> {
    await this.ledgers.require(organizationId, ledgerId);
    const page = await this.routes.listOperationRoutes(organizationId, ledgerId, query, metadata);
    return { ...page, items: page.items.map(toOperationRouteResponse) };
  }

  update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateOperationRouteDto,
  ): Promise<OperationRouteResponse> {
    const patch = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    const account = dto.account ? parseAccountRule(dto.account) : undefined;
    return withUniqueViolations(
      () =>
        this.db.transaction(async (m) => {
          const route = await this.require(m, organizationId, ledgerId, id, true);
          if (dto.title !== undefined) route.title = dto.title;
          if (dto.description !== undefined) route.description = dto.description;
          if (dto.code !== undefined) route.code = dto.code;
          if (account) {
            route.accountRuleType = account.ruleType;
            route.accountValidIf = account.validIf;
          }
          if (dto.accountingEntries !== undefined) {
            route.accountingEntries = {
              ...route.accountingEntries,
              ...definedEntries(dto.accountingEntries),
            };
          }
          route.metadata = mergeMetadata(route.metadata, patch);
          route.updatedAt = new Date();
          await m.save(OperationRouteEntity, route);
          return toOperationRouteResponse(route);
        }),
      { operation_route_title_uq: () => titleTaken(dto.title ?? '') },
    );
  }

  /** Soft delete; a route a live transaction route still links is 0107. */
  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const route = await this.require(m, organizationId, ledgerId, id, true);
      if (await this.routes.isLinked(m, id)) {
        throw new DomainError(
          RouteErrors.LINKED_TO_TRANSACTION_ROUTES,
          `Operation route ${id} is linked to transaction routes; unlink it first.`,
          { entityType: 'OperationRoute' },
        );
      }
      route.deletedAt = new Date();
      await m.save(OperationRouteEntity, route);
    });
  }

  private async require(
    m: Parameters<RoutesRepository['findOperationRoute']>[0],
    organizationId: string,
    ledgerId: string,
    id: string,
    lock = false,
  ): Promise<OperationRouteEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const route = await this.routes.findOperationRoute(m, organizationId, ledgerId, id, lock);
    if (!route) throw entityNotFound('OperationRoute', id);
    return route;
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { LedgersService, OrganizationsService } from '@finplat/ledger-onboarding';
import { FeePackageEntity, SegmentEntity } from '@finplat/ledger-database';
import { entityNotFound } from '@finplat/ledger-domain';
import type {
  CreateFeePackageDto,
  ListFeePackagesQueryDto,
  UpdateFeePackageDto,
} from './dto/fee-package.dto';
import {
  toFeePackageResponse,
  type FeePackagePage,
  type FeePackageResponse,
} from './dto/fee-package.response';
import { FeeErrors } from './fee.errors';
import { parseAmountRange, parseFees } from './fee-package.rules';
import { packagePage } from './package-page';

export const feePackageNotFound = (id: string) =>
  new DomainError(FeeErrors.FEE_PACKAGE_NOT_FOUND, `No fee package with id ${id} was found.`, {
    entityType: 'FeePackage',
  });

/** Fee packages of an organization, each for one of its ledgers. */
@Injectable()
export class FeePackagesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly organizations: OrganizationsService,
    private readonly db: TenantDb,
  ) {}

  create(organizationId: string, dto: CreateFeePackageDto): Promise<FeePackageResponse> {
    const fees = parseFees(dto.fees);
    const { min, max } = parseAmountRange(dto.minimumAmount, dto.maximumAmount);
    return this.db.transaction(async (m) => {
      await this.ledgers.require(organizationId, dto.ledgerId);
      if (dto.segmentId) await this.requireSegment(m, dto.ledgerId, dto.segmentId);
      const now = new Date();
      const entity = Object.assign(new FeePackageEntity(), {
        id: newId(),
        organizationId,
        ledgerId: dto.ledgerId,
        feeGroupLabel: dto.feeGroupLabel,
        description: dto.description ?? null,
        segmentId: dto.segmentId ?? null,
        transactionRoute: dto.transactionRoute ?? null,
        minimumAmount: min.toFixed(),
        maximumAmount: max.toFixed(),
        waivedAccounts: dto.waivedAccounts ?? [],
        fees,
        enable: dto.enable ?? true,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await m.insert(FeePackageEntity, entity);
      return toFeePackageResponse(entity);
    });
  }

  get(organizationId: string, id: string): Promise<FeePackageResponse> {
    return this.db.transaction(async (m) =>
      toFeePackageResponse(await this.require(m, organizationId, id)),
    );
  }

  list(organizationId: string, query: ListFeePackagesQueryDto): Promise<FeePackagePage> {
    return this.db.transaction(async (m) => {
      await this.organizations.require(organizationId);
      const qb = m
        .createQueryBuilder(FeePackageEntity, 'p')
        .where('p.organization_id = :organizationId AND p.deleted_at IS NULL', { organizationId });
      if (query.ledgerId) qb.andWhere('p.ledger_id = :ledgerId', { ledgerId: query.ledgerId });
      if (query.segmentId) qb.andWhere('p.segment_id = :segmentId', { segmentId: query.segmentId });
      if (query.transactionRoute) {
        qb.andWhere('p.transaction_route = :route', { route: query.transactionRoute });
      }
      if (query.enable) qb.andWhere('p.enable = :enable', { enable: query.enable === 'true' });
      return packagePage(qb, query, toFeePackageResponse);
    });
  }

  update(
    organizationId: string,
    id: string,
    dto: UpdateFeePackageDto,
  ): Promise<FeePackageResponse> {
    const fees = dto.fees === undefined ? undefined : parseFees(dto.fees);
    return this.db.transaction(async (m) => {
      const entity = await this.require(m, organizationId, id, true);
      if (dto.minimumAmount !== undefined || dto.maximumAmount !== undefined) {
        const { min, max } = parseAmountRange(
          dto.minimumAmount ?? entity.minimumAmount,
          dto.maximumAmount ?? entity.maximumAmount,
        );
        entity.minimumAmount = min.toFixed();
        entity.maximumAmount = max.toFixed();
      }
      if (dto.segmentId !== undefined) {
        await this.requireSegment(m, entity.ledgerId, dto.segmentId);
        entity.segmentId = dto.segmentId;
      }
      if (fees) entity.fees = fees;
      if (dto.feeGroupLabel !== undefined) entity.feeGroupLabel = dto.feeGroupLabel;
      if (dto.description !== undefined) entity.description = dto.description;
      if (dto.transactionRoute !== undefined) entity.transactionRoute = dto.transactionRoute;
      if (dto.waivedAccounts !== undefined) entity.waivedAccounts = dto.waivedAccounts;
      if (dto.enable !== undefined) entity.enable = dto.enable;
      entity.updatedAt = new Date();
      await m.save(FeePackageEntity, entity);
      return toFeePackageResponse(entity);
    });
  }

  async remove(organizationId: string, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const entity = await this.require(m, organizationId, id, true);
      entity.deletedAt = new Date();
      await m.save(FeePackageEntity, entity);
    });
  }

  /** A live package of the organization (404 0179 otherwise, the organization's 404 first). */
  async require(
    m: EntityManager,
    organizationId: string,
    id: string,
    lock = false,
  ): Promise<FeePackageEntity> {
    const qb = m
      .createQueryBuilder(FeePackageEntity, 'p')
      .where('p.id = :id AND p.organization_id = :organizationId AND p.deleted_at IS NULL', {
        id,
        organizationId,
      });
    if (lock) qb.setLock('pessimistic_write');
    const entity = await qb.getOne();
    if (!entity) throw feePackageNotFound(id);
    return entity;
  }

  private async requireSegment(m: EntityManager, ledgerId: string, id: string): Promise<void> {
    const found = await m
      .createQueryBuilder(SegmentEntity, 's')
      .where('s.id = :id AND s.ledger_id = :ledgerId AND s.deleted_at IS NULL', { id, ledgerId })
      .getExists();
    if (!found) throw entityNotFound('Segment', id);
  }
}

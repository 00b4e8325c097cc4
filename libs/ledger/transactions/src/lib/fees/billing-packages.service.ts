import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { LedgersService, OrganizationsService } from '@finplat/ledger-onboarding';
import { BillingPackageEntity } from '@finplat/ledger-database';
import type {
  CreateBillingPackageDto,
  ListBillingPackagesQueryDto,
  UpdateBillingPackageDto,
} from './dto/billing-package.dto';
import {
  toBillingPackageResponse,
  type BillingPackagePage,
  type BillingPackageResponse,
} from './dto/billing-package.response';
import { billingTermsOf } from './billing.rules';
import { FeeErrors } from './fee.errors';
import { packagePage } from './package-page';

export const billingPackageNotFound = (id: string) =>
  new DomainError(
    FeeErrors.BILLING_PACKAGE_NOT_FOUND,
    `No billing package with id ${id} was found.`,
    { entityType: 'BillingPackage' },
  );

/** Billing packages of an organization, each billing one of its ledgers. */
@Injectable()
export class BillingPackagesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly organizations: OrganizationsService,
    private readonly db: TenantDb,
  ) {}

  create(organizationId: string, dto: CreateBillingPackageDto): Promise<BillingPackageResponse> {
    const terms = billingTermsOf(dto.type, dto);
    return this.db.transaction(async (m) => {
      await this.ledgers.require(organizationId, dto.ledgerId);
      const now = new Date();
      const entity = Object.assign(new BillingPackageEntity(), {
        id: newId(),
        organizationId,
        ledgerId: dto.ledgerId,
        label: dto.label,
        description: dto.description ?? null,
        type: dto.type,
        assetCode: dto.assetCode,
        terms,
        enable: dto.enable ?? true,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await m.insert(BillingPackageEntity, entity);
      return toBillingPackageResponse(entity);
    });
  }

  get(organizationId: string, id: string): Promise<BillingPackageResponse> {
    return this.db.transaction(async (m) =>
      toBillingPackageResponse(await this.require(m, organizationId, id)),
    );
  }

  list(organizationId: string, query: ListBillingPackagesQueryDto): Promise<BillingPackagePage> {
    return this.db.transaction(async (m) => {
      await this.organizations.require(organizationId);
      const qb = m
        .createQueryBuilder(BillingPackageEntity, 'b')
        .where('b.organization_id = :organizationId AND b.deleted_at IS NULL', { organizationId });
      if (query.ledgerId) qb.andWhere('b.ledger_id = :ledgerId', { ledgerId: query.ledgerId });
      if (query.type) qb.andWhere('b.type = :type', { type: query.type });
      return packagePage(qb, query, toBillingPackageResponse);
    });
  }

  /** The terms are re-checked as a whole: a patch cannot leave a package its type refuses. */
  update(
    organizationId: string,
    id: string,
    dto: UpdateBillingPackageDto,
  ): Promise<BillingPackageResponse> {
    return this.db.transaction(async (m) => {
      const entity = await this.require(m, organizationId, id, true);
      const { label, description, assetCode, enable, ...terms } = dto;
      const given = Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined));
      entity.terms = billingTermsOf(entity.type, { ...entity.terms, ...given });
      if (label !== undefined) entity.label = label;
      if (description !== undefined) entity.description = description;
      if (assetCode !== undefined) entity.assetCode = assetCode;
      if (enable !== undefined) entity.enable = enable;
      entity.updatedAt = new Date();
      await m.save(BillingPackageEntity, entity);
      return toBillingPackageResponse(entity);
    });
  }

  async remove(organizationId: string, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const entity = await this.require(m, organizationId, id, true);
      entity.deletedAt = new Date();
      await m.save(BillingPackageEntity, entity);
    });
  }

  async require(
    m: EntityManager,
    organizationId: string,
    id: string,
    lock = false,
  ): Promise<BillingPackageEntity> {
    const qb = m
      .createQueryBuilder(BillingPackageEntity, 'b')
      .where('b.id = :id AND b.organization_id = :organizationId AND b.deleted_at IS NULL', {
        id,
        organizationId,
      });
    if (lock) qb.setLock('pessimistic_write');
    const entity = await qb.getOne();
    if (!entity) throw billingPackageNotFound(id);
    return entity;
  }
}

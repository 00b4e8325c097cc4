import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { isISO31661Alpha2 } from 'class-validator';
import { OrganizationEntity, OrganizationRepository } from '@finplat/ledger-database';
import {
  entityNotFound,
  LedgerErrors,
  mergeMetadata,
  validateMetadata,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import type { AddressDto } from './dto/address.dto';
import type { CreateOrganizationDto } from './dto/create-organization.dto';
import type { ListOrganizationsQueryDto } from './dto/list-organizations-query.dto';
import { toOrganizationResponse, type OrganizationResponse } from './dto/organization.response';
import type { UpdateOrganizationDto } from './dto/update-organization.dto';

export const organizationNotFound = (id: string) => entityNotFound('Organization', id);

function checkCountry(address: AddressDto | undefined): void {
  const country = address?.country;
  if (country !== undefined && !isISO31661Alpha2(country)) {
    throw new DomainError(
      LedgerErrors.INVALID_COUNTRY,
      `address.country ${country} is not an ISO 3166-1 alpha-2 code.`,
      { fields: { 'address.country': 'must be ISO 3166-1 alpha-2' } },
    );
  }
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly db: TenantDb,
  ) {}

  async create(dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    checkCountry(dto.address);
    const metadata = validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      if (dto.parentOrganizationId) await this.require(dto.parentOrganizationId);
      const now = new Date();
      const organization = Object.assign(new OrganizationEntity(), {
        id: newId(),
        parentOrganizationId: dto.parentOrganizationId ?? null,
        legalName: dto.legalName,
        doingBusinessAs: dto.doingBusinessAs ?? null,
        legalDocument: dto.legalDocument,
        address: { ...(dto.address ?? {}) },
        status: dto.status?.code ?? 'ACTIVE',
        statusDescription: dto.status?.description ?? null,
        metadata,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await this.organizations.insert(organization);
      return toOrganizationResponse(organization);
    });
  }

  async get(id: string): Promise<OrganizationResponse> {
    return toOrganizationResponse(await this.require(id));
  }

  async list(
    query: ListOrganizationsQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<OrganizationResponse>> {
    const items = await this.organizations.list(query, metadata);
    return { items: items.map(toOrganizationResponse), page: query.page, limit: query.limit };
  }

  count(): Promise<number> {
    return this.organizations.count();
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationResponse> {
    checkCountry(dto.address);
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const organization = await this.require(id, { lock: true });
      if (dto.parentOrganizationId === id) {
        throw new DomainError(
          LedgerErrors.ACTION_NOT_PERMITTED,
          'An organization cannot be its own parent.',
          { fields: { parentOrganizationId: 'must differ from the organization id' } },
        );
      }
      if (dto.parentOrganizationId) await this.require(dto.parentOrganizationId);
      if (dto.legalName !== undefined) organization.legalName = dto.legalName;
      if (dto.doingBusinessAs !== undefined) organization.doingBusinessAs = dto.doingBusinessAs;
      if (dto.parentOrganizationId !== undefined)
        organization.parentOrganizationId = dto.parentOrganizationId;
      if (dto.address) organization.address = { ...organization.address, ...dto.address };
      if (dto.status) {
        organization.status = dto.status.code;
        organization.statusDescription = dto.status.description ?? null;
      }
      organization.metadata = mergeMetadata(organization.metadata, patchMetadata);
      organization.updatedAt = new Date();
      await this.organizations.save(organization);
      return toOrganizationResponse(organization);
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async () => {
      const organization = await this.require(id, { lock: true });
      organization.deletedAt = new Date();
      await this.organizations.save(organization);
    });
  }

  /** The live organization with this id, or 404 0007. */
  async require(id: string, options: { lock?: boolean } = {}): Promise<OrganizationEntity> {
    const organization = await this.organizations.findById(id, options);
    if (!organization) throw organizationNotFound(id);
    return organization;
  }
}

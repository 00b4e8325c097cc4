import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { LedgerEntity, LedgerRepository } from '@finplat/ledger-database';
import {
  entityNotFound,
  LedgerErrors,
  mergeMetadata,
  validateMetadata,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import { OrganizationsService } from '../organizations/organizations.service';
import type { CreateLedgerDto } from './dto/create-ledger.dto';
import { toLedgerResponse, type LedgerResponse } from './dto/ledger.response';
import type { ListLedgersQueryDto } from './dto/list-ledgers-query.dto';
import type { UpdateLedgerDto } from './dto/update-ledger.dto';

const duplicateLedger = (name: string, organizationId: string) =>
  new DomainError(
    LedgerErrors.DUPLICATE_LEDGER,
    `A ledger named ${name} already exists in organization ${organizationId}.`,
    { entityType: 'Ledger', fields: { name: 'already in use' } },
  );

@Injectable()
export class LedgersService {
  constructor(
    private readonly ledgers: LedgerRepository,
    private readonly organizations: OrganizationsService,
    private readonly db: TenantDb,
  ) {}

  async create(organizationId: string, dto: CreateLedgerDto): Promise<LedgerResponse> {
    const metadata = validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      // Locking the organization serializes ledger creation per organization, so the
      // name check below cannot race with a concurrent create of the same name.
      await this.organizations.require(organizationId, { lock: true });
      if (await this.ledgers.findByName(organizationId, dto.name)) {
        throw duplicateLedger(dto.name, organizationId);
      }
      const now = new Date();
      const ledger = Object.assign(new LedgerEntity(), {
        id: newId(),
        organizationId,
        name: dto.name,
        status: dto.status?.code ?? 'ACTIVE',
        statusDescription: dto.status?.description ?? null,
        settings: {},
        metadata,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await this.ledgers.insert(ledger);
      return toLedgerResponse(ledger);
    });
  }

  async get(organizationId: string, id: string): Promise<LedgerResponse> {
    return toLedgerResponse(await this.require(organizationId, id));
  }

  async list(
    organizationId: string,
    query: ListLedgersQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<LedgerResponse>> {
    await this.organizations.require(organizationId);
    const items = await this.ledgers.list(organizationId, query, metadata);
    return { items: items.map(toLedgerResponse), page: query.page, limit: query.limit };
  }

  async count(organizationId: string): Promise<number> {
    await this.organizations.require(organizationId);
    return this.ledgers.count(organizationId);
  }

  async update(organizationId: string, id: string, dto: UpdateLedgerDto): Promise<LedgerResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      await this.organizations.require(organizationId, { lock: true });
      const ledger = await this.require(organizationId, id, { lock: true });
      if (dto.name !== undefined && dto.name.toLowerCase() !== ledger.name.toLowerCase()) {
        if (await this.ledgers.findByName(organizationId, dto.name)) {
          throw duplicateLedger(dto.name, organizationId);
        }
      }
      if (dto.name !== undefined) ledger.name = dto.name;
      if (dto.status) {
        ledger.status = dto.status.code;
        ledger.statusDescription = dto.status.description ?? null;
      }
      ledger.metadata = mergeMetadata(ledger.metadata, patchMetadata);
      ledger.updatedAt = new Date();
      await this.ledgers.save(ledger);
      return toLedgerResponse(ledger);
    });
  }

  async remove(organizationId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const ledger = await this.require(organizationId, id, { lock: true });
      ledger.deletedAt = new Date();
      await this.ledgers.save(ledger);
    });
  }

  /** The live ledger of a live organization, or 404 0007 naming which one is missing. */
  async require(
    organizationId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<LedgerEntity> {
    await this.organizations.require(organizationId);
    const ledger = await this.ledgers.findById(organizationId, id, options);
    if (!ledger) throw entityNotFound('Ledger', id);
    return ledger;
  }
}

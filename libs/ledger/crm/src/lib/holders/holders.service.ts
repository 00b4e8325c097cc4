import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import {
  HolderRepository,
  InstrumentRepository,
  type HolderEntity,
} from '@finplat/ledger-database';
import {
  CrmErrors,
  holderNotFound,
  LedgerErrors,
  mergeMetadata,
  selfHolderIdOf,
  validateMetadata,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import {
  OrganizationsService,
  toAccountResponse,
  type AccountResponse,
} from '@finplat/ledger-onboarding';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import { plainBlock } from '../common/plain-block';
import { KeyRing } from '../encryption/key-ring';
import type { CreateHolderDto } from './dto/create-holder.dto';
import type { HolderResponse } from './dto/holder.response';
import type { ListHoldersQueryDto } from './dto/list-holders-query.dto';
import type { UpdateHolderDto } from './dto/update-holder.dto';
import { openHolder, sealHolder, toHolderResponse, type HolderFields } from './holder-codec';

/** A DTO's optional block as plain JSON, null when absent. */
const plain = (value: object | undefined | null): Record<string, unknown> | null =>
  value == null ? null : plainBlock(value);

/** Merges a PATCH block into the stored one, one level deep (nested objects merged too). */
function mergeBlock(
  current: Record<string, unknown> | null,
  patch: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!patch) return current;
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    const before = merged[key];
    merged[key] =
      value && typeof value === 'object' && before && typeof before === 'object'
        ? { ...(before as object), ...(value as object) }
        : value;
  }
  return merged;
}

/** Most organizations whose self-holder this process remembers having ensured. */
const MAX_ENSURED = 10_000;

@Injectable()
export class HoldersService {
  private readonly ensuredSelfHolders = new Set<string>();

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly holders: HolderRepository,
    private readonly instruments: InstrumentRepository,
    private readonly keyRing: KeyRing,
    private readonly db: TenantDb,
  ) {}

  async create(organizationId: string, dto: CreateHolderDto): Promise<HolderResponse> {
    const metadata = validateMetadata(dto.metadata);
    const protector = await this.writableProtector(organizationId);
    const now = new Date();
    const fields: HolderFields = {
      id: newId(),
      organizationId,
      externalId: dto.externalId ?? null,
      type: dto.type,
      name: dto.name,
      document: dto.document,
      addresses: plain(dto.addresses) ?? {},
      contact: plain(dto.contact) ?? {},
      naturalPerson: plain(dto.naturalPerson),
      legalPerson: plain(dto.legalPerson),
      metadata,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.holders.insert(sealHolder(protector, fields));
    return toHolderResponse(fields);
  }

  async get(organizationId: string, id: string, includeDeleted = false): Promise<HolderResponse> {
    const row = await this.requireRow(organizationId, id, { includeDeleted });
    return toHolderResponse(await this.open(organizationId, row));
  }

  async list(
    organizationId: string,
    query: ListHoldersQueryDto,
    metadata: MetadataCondition[],
  ): Promise<Page<HolderResponse>> {
    await this.ensureSelfHolder(organizationId);
    const protector = await this.keyRing.protector(organizationId);
    const rows = await this.holders.list(
      organizationId,
      {
        page: query.page,
        limit: query.limit,
        sort_order: query.sort_order,
        includeDeleted: query.include_deleted === 'true',
        externalId: query.external_id,
        documentTokens:
          query.document === undefined ? undefined : protector.tokens('document', query.document),
      },
      metadata,
    );
    const items = await this.keyRing.reading(organizationId, (p) =>
      rows.map((row) => toHolderResponse(openHolder(p, row))),
    );
    return { items, page: query.page, limit: query.limit };
  }

  async update(organizationId: string, id: string, dto: UpdateHolderDto): Promise<HolderResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    const protector = await this.writableProtector(organizationId);
    return this.db.transaction(async () => {
      const row = await this.requireRow(organizationId, id, { lock: true });
      const current = await this.open(organizationId, row);
      const fields: HolderFields = {
        ...current,
        externalId: dto.externalId !== undefined ? dto.externalId : current.externalId,
        name: dto.name ?? current.name,
        addresses: mergeBlock(current.addresses, plain(dto.addresses)) ?? {},
        contact: mergeBlock(current.contact, plain(dto.contact)) ?? {},
        naturalPerson: mergeBlock(current.naturalPerson, plain(dto.naturalPerson)),
        legalPerson: mergeBlock(current.legalPerson, plain(dto.legalPerson)),
        metadata: mergeMetadata(current.metadata, patchMetadata),
        updatedAt: new Date(),
      };
      await this.holders.save(sealHolder(protector, fields));
      return toHolderResponse(fields);
    });
  }

  /**
   * Soft delete, or with `hard` a physical one. Refused while the holder owns live accounts
   * (CRM-0030) or instruments (CRM-0017); the organization's self-holder is never deleted.
   */
  async remove(organizationId: string, id: string, hard: boolean): Promise<void> {
    this.keyRing.requireConfigured();
    await this.db.transaction(async () => {
      const row = await this.requireRow(organizationId, id, { lock: true });
      if (id === selfHolderIdOf(organizationId)) {
        throw new DomainError(
          LedgerErrors.ACTION_NOT_PERMITTED,
          'The organization’s own holder is the default owner of its accounts and cannot be deleted.',
          { entityType: 'Holder' },
        );
      }
      if (await this.instruments.hasInstruments(organizationId, id)) {
        throw new DomainError(
          CrmErrors.HOLDER_HAS_INSTRUMENTS,
          `The holder ${id} still has instruments; delete them first.`,
          { entityType: 'Holder' },
        );
      }
      const scope = { organizationId, holderId: id, isSelfHolder: false };
      if (await this.holders.hasAccounts(scope)) {
        throw new DomainError(
          CrmErrors.HOLDER_HAS_ACCOUNTS,
          `The holder ${id} still owns accounts; it cannot be deleted.`,
          { entityType: 'Holder' },
        );
      }
      if (hard) {
        await this.holders.hardDelete(organizationId, id);
      } else {
        row.deletedAt = new Date();
        await this.holders.save(row);
      }
    });
  }

  /** The holder's live accounts across the organization's ledgers (page-numbered). */
  async accounts(
    organizationId: string,
    id: string,
    query: { page: number; limit: number; sort_order: 'asc' | 'desc' },
  ): Promise<Page<AccountResponse>> {
    await this.requireRow(organizationId, id);
    const rows = await this.holders.accountsOf(
      { organizationId, holderId: id, isSelfHolder: id === selfHolderIdOf(organizationId) },
      query,
    );
    return { items: rows.map(toAccountResponse), page: query.page, limit: query.limit };
  }

  /**
   * The live holder row (404 CRM-0006 otherwise) of an existing organization (404 0007).
   * The self-holder is created on first use, from the organization's legal name and document.
   */
  async requireRow(
    organizationId: string,
    id: string,
    options: { includeDeleted?: boolean; lock?: boolean } = {},
  ): Promise<HolderEntity> {
    await this.requireOrganization(organizationId);
    if (id === selfHolderIdOf(organizationId)) await this.ensureSelfHolder(organizationId);
    const row = await this.holders.findById(organizationId, id, options);
    if (!row) throw holderNotFound(id);
    return row;
  }

  /** 503 CRM-0031 without a KEK, 404 0007 for an unknown organization. */
  async requireOrganization(organizationId: string): Promise<void> {
    this.keyRing.requireConfigured();
    await this.organizations.require(organizationId);
  }

  private open(organizationId: string, row: HolderEntity): Promise<HolderFields> {
    return this.keyRing.reading(organizationId, (p) => openHolder(p, row));
  }

  private async writableProtector(organizationId: string) {
    await this.requireOrganization(organizationId);
    return this.keyRing.protector(organizationId, { provision: true });
  }

  /** Inserts the organization's self-holder unless it exists; remembered per process. */
  private async ensureSelfHolder(organizationId: string): Promise<void> {
    const key = `${TenantContext.current().tenantId}|${organizationId}`;
    if (this.ensuredSelfHolders.has(key)) return;
    const organization = await this.organizations.require(organizationId);
    const protector = await this.writableProtector(organizationId);
    const now = new Date();
    await this.holders.insertIfAbsent(
      sealHolder(protector, {
        id: selfHolderIdOf(organizationId),
        organizationId,
        externalId: null,
        type: 'LEGAL_PERSON',
        name: organization.legalName,
        document: organization.legalDocument,
        addresses: {},
        contact: {},
        naturalPerson: null,
        legalPerson: organization.doingBusinessAs
          ? { tradeName: organization.doingBusinessAs }
          : null,
        metadata: {},
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      }),
    );
    if (this.ensuredSelfHolders.size >= MAX_ENSURED) this.ensuredSelfHolders.clear();
    this.ensuredSelfHolders.add(key);
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import {
  AccountRepository,
  InstrumentRepository,
  withUniqueViolations,
  type AccountEntity,
  type HolderEntity,
  type InstrumentEntity,
} from '@finplat/ledger-database';
import {
  CrmErrors,
  entityNotFound,
  instrumentNotFound,
  LedgerErrors,
  mergeMetadata,
  selfHolderIdOf,
  validateMetadata,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import { LedgersService } from '@finplat/ledger-onboarding';
import { TenantDb } from '@finplat/tenancy';
import { KeyRing } from '../encryption/key-ring';
import { openHolder } from '../holders/holder-codec';
import { HoldersService } from '../holders/holders.service';
import { plainBlock } from '../common/plain-block';
import type {
  CreateInstrumentDto,
  InstrumentDetailsDto,
  UpdateInstrumentDto,
} from './dto/create-instrument.dto';
import type { InstrumentResponse } from './dto/instrument.response';
import type { ListInstrumentsQueryDto } from './dto/list-instruments-query.dto';
import {
  openInstrument,
  sealInstrument,
  toInstrumentResponse,
  type InstrumentFields,
} from './instrument-codec';

const alreadyAssociated = (accountId: string) =>
  new DomainError(
    CrmErrors.ACCOUNT_ALREADY_ASSOCIATED,
    `The account ${accountId} already has an instrument.`,
    { entityType: 'Instrument', fields: { accountId: 'already has an instrument' } },
  );

/** Related parties of a request, each given its own id. */
const partiesOf = (details: InstrumentDetailsDto): Record<string, unknown>[] =>
  (details.relatedParties ?? []).map((party) => ({ id: newId(), ...plainBlock(party) }));

@Injectable()
export class InstrumentsService {
  constructor(
    private readonly holders: HoldersService,
    private readonly ledgers: LedgersService,
    private readonly accounts: AccountRepository,
    private readonly instruments: InstrumentRepository,
    private readonly keyRing: KeyRing,
    private readonly db: TenantDb,
  ) {}

  async create(
    organizationId: string,
    holderId: string,
    dto: CreateInstrumentDto,
  ): Promise<InstrumentResponse> {
    const metadata = validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const holder = await this.holders.requireRow(organizationId, holderId, { lock: true });
      await this.ledgers.require(organizationId, dto.ledgerId);
      const account = await this.accounts.findById(organizationId, dto.ledgerId, dto.accountId, {
        lock: true,
      });
      if (!account) throw entityNotFound('Account', dto.accountId);
      return this.attach(holder, account, dto, metadata);
    });
  }

  /**
   * Links a holder to one of its accounts in the caller's unit of work: an account that names
   * no holder (the self-holder's) passes to this holder; one owned by another holder is refused.
   */
  async attach(
    holder: HolderEntity,
    account: AccountEntity,
    details: InstrumentDetailsDto,
    metadata = validateMetadata(details.metadata),
  ): Promise<InstrumentResponse> {
    const organizationId = holder.organizationId;
    const owner = account.holderId ?? selfHolderIdOf(organizationId);
    if (owner !== holder.id) {
      if (account.holderId !== null) {
        throw new DomainError(
          LedgerErrors.ACTION_NOT_PERMITTED,
          `The account ${account.id} belongs to another holder.`,
          { entityType: 'Instrument', fields: { accountId: 'owned by another holder' } },
        );
      }
      account.holderId = holder.id;
      account.updatedAt = new Date();
      await this.accounts.save(account);
    }
    if (await this.instruments.findByAccount(account.id)) throw alreadyAssociated(account.id);
    const protector = await this.keyRing.protector(organizationId, { provision: true });
    const plainHolder = await this.keyRing.reading(organizationId, (p) => openHolder(p, holder));
    const now = new Date();
    const fields: InstrumentFields = {
      id: newId(),
      organizationId,
      holderId: holder.id,
      ledgerId: account.ledgerId,
      accountId: account.id,
      type: plainHolder.type,
      document: plainHolder.document,
      bankingDetails: plainBlock(details.bankingDetails),
      regulatoryFields: plainBlock(details.regulatoryFields),
      relatedParties: partiesOf(details),
      metadata,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await withUniqueViolations(() => this.instruments.insert(sealInstrument(protector, fields)), {
      crm_instrument_account_uq: () => alreadyAssociated(account.id),
    });
    return toInstrumentResponse(fields);
  }

  async get(
    organizationId: string,
    holderId: string,
    id: string,
    includeDeleted = false,
  ): Promise<InstrumentResponse> {
    const row = await this.requireRow(organizationId, holderId, id, { includeDeleted });
    return toInstrumentResponse(await this.open(row));
  }

  async list(
    organizationId: string,
    query: ListInstrumentsQueryDto,
    metadata: MetadataCondition[],
  ): Promise<Page<InstrumentResponse>> {
    this.keyRing.requireConfigured();
    await this.holders.requireOrganization(organizationId);
    const p = await this.keyRing.protector(organizationId);
    const tokens = (field: string, value: string | undefined) =>
      value === undefined ? undefined : p.tokens(field, value);
    const rows = await this.instruments.list(
      organizationId,
      {
        page: query.page,
        limit: query.limit,
        sort_order: query.sort_order,
        includeDeleted: query.include_deleted === 'true',
        holderId: query.holder_id,
        accountId: query.account_id,
        ledgerId: query.ledger_id,
        bankingBranch: query.banking_details_branch,
        relatedPartyRole: query.related_party_role,
        documentTokens: tokens('document', query.document),
        bankingAccountTokens: tokens('bankingDetails.account', query.banking_details_account),
        bankingIbanTokens: tokens('bankingDetails.iban', query.banking_details_iban),
        participantDocumentTokens: tokens(
          'regulatoryFields.participantDocument',
          query.regulatory_fields_participant_document,
        ),
        relatedPartyDocumentTokens: tokens('relatedParties.document', query.related_party_document),
      },
      metadata,
    );
    const items = await this.keyRing.reading(organizationId, (reader) =>
      rows.map((row) => toInstrumentResponse(openInstrument(reader, row))),
    );
    return { items, page: query.page, limit: query.limit };
  }

  async update(
    organizationId: string,
    holderId: string,
    id: string,
    dto: UpdateInstrumentDto,
  ): Promise<InstrumentResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const row = await this.requireRow(organizationId, holderId, id, { lock: true });
      const current = await this.open(row);
      const fields: InstrumentFields = {
        ...current,
        bankingDetails: { ...current.bankingDetails, ...plainBlock(dto.bankingDetails) },
        regulatoryFields: { ...current.regulatoryFields, ...plainBlock(dto.regulatoryFields) },
        relatedParties: [...current.relatedParties, ...partiesOf(dto)],
        metadata: mergeMetadata(current.metadata, patchMetadata),
        updatedAt: new Date(),
      };
      await this.save(fields);
      return toInstrumentResponse(fields);
    });
  }

  async remove(organizationId: string, holderId: string, id: string, hard: boolean): Promise<void> {
    await this.db.transaction(async () => {
      const row = await this.requireRow(organizationId, holderId, id, { lock: true });
      if (hard) {
        await this.instruments.hardDelete(organizationId, id);
      } else {
        row.deletedAt = new Date();
        await this.instruments.save(row);
      }
    });
  }

  async removeRelatedParty(
    organizationId: string,
    holderId: string,
    id: string,
    relatedPartyId: string,
  ): Promise<void> {
    await this.db.transaction(async () => {
      const row = await this.requireRow(organizationId, holderId, id, { lock: true });
      const current = await this.open(row);
      const remaining = current.relatedParties.filter((party) => party.id !== relatedPartyId);
      if (remaining.length === current.relatedParties.length) {
        throw new DomainError(
          CrmErrors.RELATED_PARTY_NOT_FOUND,
          `The instrument ${id} has no related party ${relatedPartyId}.`,
          { entityType: 'RelatedParty' },
        );
      }
      await this.save({ ...current, relatedParties: remaining, updatedAt: new Date() });
    });
  }

  private async save(fields: InstrumentFields): Promise<void> {
    const protector = await this.keyRing.protector(fields.organizationId, { provision: true });
    await this.instruments.save(sealInstrument(protector, fields));
  }

  private async requireRow(
    organizationId: string,
    holderId: string,
    id: string,
    options: { includeDeleted?: boolean; lock?: boolean } = {},
  ): Promise<InstrumentEntity> {
    await this.holders.requireRow(organizationId, holderId, { includeDeleted: true });
    const row = await this.instruments.findById(organizationId, holderId, id, options);
    if (!row) throw instrumentNotFound(id);
    return row;
  }

  private open(row: InstrumentEntity): Promise<InstrumentFields> {
    return this.keyRing.reading(row.organizationId, (p) => openInstrument(p, row));
  }
}

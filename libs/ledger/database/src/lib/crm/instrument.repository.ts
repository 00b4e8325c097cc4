import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { crmPage, type CrmPageQuery } from './crm-page';
import { InstrumentEntity } from './instrument.entity';

/**
 * An instrument list's filters. Token filters carry the search tokens of one value under every
 * enabled key version; any of them may match.
 */
export interface InstrumentListQuery extends CrmPageQuery {
  holderId?: string;
  accountId?: string;
  ledgerId?: string;
  bankingBranch?: string;
  documentTokens?: string[];
  bankingAccountTokens?: string[];
  bankingIbanTokens?: string[];
  participantDocumentTokens?: string[];
  relatedPartyDocumentTokens?: string[];
  relatedPartyRole?: string;
}

/** Instruments of the current tenant, always within one organization. */
@Injectable()
export class InstrumentRepository {
  constructor(private readonly db: TenantDb) {}

  insert(instrument: InstrumentEntity): Promise<void> {
    return this.db.transaction(
      async (m) => void (await m.insert(InstrumentEntity, instrument as never)),
    );
  }

  save(instrument: InstrumentEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.save(InstrumentEntity, instrument)));
  }

  hardDelete(organizationId: string, id: string): Promise<void> {
    return this.db.transaction(
      async (m) => void (await m.delete(InstrumentEntity, { organizationId, id })),
    );
  }

  findById(
    organizationId: string,
    holderId: string,
    id: string,
    options: { includeDeleted?: boolean; lock?: boolean } = {},
  ): Promise<InstrumentEntity | null> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(InstrumentEntity, 'i')
        .where('i.organization_id = :organizationId AND i.holder_id = :holderId AND i.id = :id', {
          organizationId,
          holderId,
          id,
        });
      if (!options.includeDeleted) qb.andWhere('i.deleted_at IS NULL');
      if (options.lock) qb.setLock('pessimistic_write');
      return qb.getOne();
    });
  }

  /** The live instrument of an account, if any (there is at most one). */
  findByAccount(accountId: string): Promise<InstrumentEntity | null> {
    return this.db.transaction((m) =>
      m
        .createQueryBuilder(InstrumentEntity, 'i')
        .where('i.account_id = :accountId AND i.deleted_at IS NULL', { accountId })
        .getOne(),
    );
  }

  async hasInstruments(organizationId: string, holderId: string): Promise<boolean> {
    return this.db.transaction(
      async (m) =>
        (await m
          .createQueryBuilder(InstrumentEntity, 'i')
          .where('i.organization_id = :organizationId AND i.holder_id = :holderId', {
            organizationId,
            holderId,
          })
          .andWhere('i.deleted_at IS NULL')
          .getCount()) > 0,
    );
  }

  list(
    organizationId: string,
    query: InstrumentListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<InstrumentEntity[]> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(InstrumentEntity, 'i')
        .where('i.organization_id = :organizationId', { organizationId });
      if (query.holderId) qb.andWhere('i.holder_id = :holderId', query);
      if (query.accountId) qb.andWhere('i.account_id = :accountId', query);
      if (query.ledgerId) qb.andWhere('i.ledger_id = :ledgerId', query);
      if (query.bankingBranch) qb.andWhere('i.banking_branch = :bankingBranch', query);
      if (query.relatedPartyRole) {
        qb.andWhere(':relatedPartyRole = ANY(i.related_party_roles)', query);
      }
      const tokenColumns: [keyof InstrumentListQuery, string][] = [
        ['documentTokens', 'i.document_token'],
        ['bankingAccountTokens', 'i.banking_account_token'],
        ['bankingIbanTokens', 'i.banking_iban_token'],
        ['participantDocumentTokens', 'i.participant_document_token'],
      ];
      for (const [name, column] of tokenColumns) {
        if (query[name]) qb.andWhere(`${column} = ANY(:${name})`, { [name]: query[name] });
      }
      if (query.relatedPartyDocumentTokens) {
        qb.andWhere('i.related_party_tokens && :relatedPartyDocumentTokens', query);
      }
      return crmPage(qb, query, metadata).getMany();
    });
  }
}

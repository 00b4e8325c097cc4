import { Injectable } from '@nestjs/common';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import type { SelectQueryBuilder } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { crmPage, type CrmPageQuery } from './crm-page';
import { HolderEntity } from './holder.entity';

export interface HolderListQuery extends CrmPageQuery {
  externalId?: string;
  /** Search tokens of the document under every enabled key version (any may match). */
  documentTokens?: string[];
}

/** Which accounts count as a holder's: its own, and for the self-holder those naming none. */
export interface HolderAccountsScope {
  organizationId: string;
  holderId: string;
  isSelfHolder: boolean;
}

/** Holders of the current tenant, always within one organization. */
@Injectable()
export class HolderRepository {
  constructor(private readonly db: TenantDb) {}

  insert(holder: HolderEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.insert(HolderEntity, holder as never)));
  }

  /** Inserts unless a holder with this id exists already (the deterministic self-holder). */
  insertIfAbsent(holder: HolderEntity): Promise<void> {
    return this.db.transaction(
      async (m) =>
        void (await m
          .createQueryBuilder()
          .insert()
          .into(HolderEntity)
          .values(holder as never)
          .orIgnore()
          .execute()),
    );
  }

  save(holder: HolderEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.save(HolderEntity, holder)));
  }

  hardDelete(organizationId: string, id: string): Promise<void> {
    return this.db.transaction(
      async (m) => void (await m.delete(HolderEntity, { organizationId, id })),
    );
  }

  findById(
    organizationId: string,
    id: string,
    options: { includeDeleted?: boolean; lock?: boolean } = {},
  ): Promise<HolderEntity | null> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(HolderEntity, 'h')
        .where('h.organization_id = :organizationId AND h.id = :id', { organizationId, id });
      if (!options.includeDeleted) qb.andWhere('h.deleted_at IS NULL');
      if (options.lock) qb.setLock('pessimistic_write');
      return qb.getOne();
    });
  }

  list(
    organizationId: string,
    query: HolderListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<HolderEntity[]> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(HolderEntity, 'h')
        .where('h.organization_id = :organizationId', { organizationId });
      if (query.externalId) qb.andWhere('h.external_id = :externalId', query);
      if (query.documentTokens) {
        qb.andWhere('h.document_token = ANY(:documentTokens)', {
          documentTokens: query.documentTokens,
        });
      }
      return crmPage(qb, query, metadata).getMany();
    });
  }

  /** A page of the holder's live accounts, across the organization's ledgers. */
  accountsOf(scope: HolderAccountsScope, query: CrmPageQuery): Promise<AccountEntity[]> {
    return this.db.transaction((m) => {
      const qb = m.createQueryBuilder(AccountEntity, 'account');
      this.whereHolderAccounts(qb, scope);
      return crmPage(qb, { ...query, includeDeleted: false }, []).getMany();
    });
  }

  /** Whether the holder owns at least one live account. */
  hasAccounts(scope: HolderAccountsScope): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const qb = m.createQueryBuilder(AccountEntity, 'account');
      this.whereHolderAccounts(qb, scope);
      return (await qb.andWhere('account.deleted_at IS NULL').limit(1).getCount()) > 0;
    });
  }

  private whereHolderAccounts(
    qb: SelectQueryBuilder<AccountEntity>,
    scope: HolderAccountsScope,
  ): void {
    qb.where('account.organization_id = :organizationId', scope);
    qb.andWhere(
      scope.isSelfHolder
        ? '(account.holder_id = :holderId OR account.holder_id IS NULL)'
        : 'account.holder_id = :holderId',
      scope,
    );
  }
}

import { Injectable } from '@nestjs/common';
import type { ListQueryDto, MetadataCondition } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import { likePrefix } from '../common/sql-like';
import { AccountTypeEntity } from './account-type.entity';

/**
 * What an account type list filters on besides the page and the date window; over HTTP,
 * ListAccountTypesQueryDto carries it.
 */
export interface AccountTypeListQuery extends ListQueryDto {
  name?: string;
  key_value?: string;
}

@Injectable()
export class AccountTypeRepository extends LedgerScopedRepository<AccountTypeEntity> {
  protected readonly entity = AccountTypeEntity;
  protected readonly alias = 'account_type';

  constructor(db: TenantDb) {
    super(db);
  }

  findByKeyValue(
    organizationId: string,
    ledgerId: string,
    keyValue: string,
  ): Promise<AccountTypeEntity | null> {
    return this.findOneWhere(organizationId, ledgerId, { keyValue });
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: AccountTypeListQuery,
    metadata: readonly MetadataCondition[],
  ): Promise<AccountTypeEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.key_value) qb.andWhere(`${a}.key_value = :keyValue`, { keyValue: query.key_value });
    });
  }
}

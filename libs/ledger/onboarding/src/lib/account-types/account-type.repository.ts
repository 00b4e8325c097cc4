import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { MetadataCondition } from '../common/metadata-filter';
import { LedgerScopedRepository } from '../common/ledger-scoped.repository';
import { likePrefix } from '../common/sql-like';
import { AccountTypeEntity } from './account-type.entity';
import type { ListAccountTypesQueryDto } from './dto/list-account-types-query.dto';

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
    query: ListAccountTypesQueryDto,
    metadata: readonly MetadataCondition[],
  ): Promise<AccountTypeEntity[]> {
    return this.listWhere(organizationId, ledgerId, query, metadata, (qb, a) => {
      if (query.name) qb.andWhere(`${a}.name ILIKE :name`, { name: likePrefix(query.name) });
      if (query.key_value) qb.andWhere(`${a}.key_value = :keyValue`, { keyValue: query.key_value });
    });
  }
}

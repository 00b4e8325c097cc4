import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import {
  AccountTypeEntity,
  AccountTypeRepository,
  withUniqueViolations,
} from '@finplat/ledger-database';
import { LedgerErrors, mergeMetadata, validateMetadata } from '@finplat/ledger-domain';
import { LedgerScopedService } from '../common/ledger-scoped.service';
import { LedgersService } from '../ledgers/ledgers.service';
import { toAccountTypeResponse, type AccountTypeResponse } from './dto/account-type.response';
import type { CreateAccountTypeDto } from './dto/create-account-type.dto';
import type { ListAccountTypesQueryDto } from './dto/list-account-types-query.dto';
import type { UpdateAccountTypeDto } from './dto/update-account-type.dto';

const duplicateKeyValue = (keyValue: string, ledgerId: string) =>
  new DomainError(
    LedgerErrors.DUPLICATE_ACCOUNT_TYPE_KEY_VALUE,
    `An account type with keyValue ${keyValue} already exists in ledger ${ledgerId}.`,
    { entityType: 'AccountType', fields: { keyValue: 'already in use' } },
  );

@Injectable()
export class AccountTypesService extends LedgerScopedService<
  AccountTypeEntity,
  AccountTypeResponse,
  ListAccountTypesQueryDto
> {
  protected readonly entityType = 'AccountType';

  constructor(
    ledgers: LedgersService,
    private readonly accountTypes: AccountTypeRepository,
    db: TenantDb,
  ) {
    super(ledgers, accountTypes, db);
  }

  protected toResponse(row: AccountTypeEntity): AccountTypeResponse {
    return toAccountTypeResponse(row);
  }

  async create(
    organizationId: string,
    ledgerId: string,
    dto: CreateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    const metadata = validateMetadata(dto.metadata);
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          await this.ledgers.require(organizationId, ledgerId);
          if (await this.accountTypes.findByKeyValue(organizationId, ledgerId, dto.keyValue)) {
            throw duplicateKeyValue(dto.keyValue, ledgerId);
          }
          const now = new Date();
          const accountType = Object.assign(new AccountTypeEntity(), {
            id: newId(),
            organizationId,
            ledgerId,
            name: dto.name,
            description: dto.description ?? null,
            keyValue: dto.keyValue,
            status: 'ACTIVE',
            statusDescription: null,
            metadata,
            createdAt: now,
            updatedAt: now,
            deletedAt: null,
          });
          await this.accountTypes.insert(accountType);
          return toAccountTypeResponse(accountType);
        }),
      { account_type_key_value_per_ledger_uq: () => duplicateKeyValue(dto.keyValue, ledgerId) },
    );
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const accountType = await this.require(organizationId, ledgerId, id, { lock: true });
      if (dto.name !== undefined) accountType.name = dto.name;
      if (dto.description !== undefined) accountType.description = dto.description;
      accountType.metadata = mergeMetadata(accountType.metadata, patchMetadata);
      accountType.updatedAt = new Date();
      await this.accountTypes.save(accountType);
      return toAccountTypeResponse(accountType);
    });
  }
}

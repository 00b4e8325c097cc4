import { Injectable } from '@nestjs/common';
import { AccountsService, LedgersService } from '@finplat/ledger-onboarding';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import { cursorPage, OperationEntity } from '@finplat/ledger-database';
import {
  entityNotFound,
  mergeMetadata,
  validateMetadata,
  type CursorPage,
} from '@finplat/ledger-domain';
import { operationRecordOf } from '../posting/posting.repository';
import { toOperationResponse, type OperationResponse } from '../transactions/transaction.response';
import type { UpdateTransactionDto } from '../transactions/dto/create-transaction.dto';
import type { ListOperationsQueryDto } from './dto/list-operations-query.dto';

const operationNotFound = (id: string) => entityNotFound('Operation', id);

@Injectable()
export class OperationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: AccountsService,
    private readonly ledgers: LedgersService,
  ) {}

  async listByAccount(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    query: ListOperationsQueryDto,
  ): Promise<CursorPage<OperationResponse>> {
    await this.accounts.require(organizationId, ledgerId, accountId);
    return this.db.transaction(async (m) => {
      const qb = m
        .createQueryBuilder(OperationEntity, 'o')
        .where('o.ledger_id = :ledgerId AND o.account_id = :accountId AND o.deleted_at IS NULL', {
          ledgerId,
          accountId,
        });
      if (query.type) qb.andWhere('o.type = :type', { type: query.type });
      if (query.direction) qb.andWhere('o.direction = :direction', { direction: query.direction });
      const page = await cursorPage(qb, query);
      return { ...page, items: page.items.map((o) => toOperationResponse(operationRecordOf(o))) };
    });
  }

  async get(
    organizationId: string,
    ledgerId: string,
    accountId: string,
    id: string,
  ): Promise<OperationResponse> {
    await this.accounts.require(organizationId, ledgerId, accountId);
    const entity = await this.db.transaction((m) =>
      m.findOneBy(OperationEntity, { id, accountId, ledgerId, deletedAt: IsNull() }),
    );
    if (!entity) throw operationNotFound(id);
    return toOperationResponse(operationRecordOf(entity));
  }

  async update(
    organizationId: string,
    ledgerId: string,
    transactionId: string,
    id: string,
    dto: UpdateTransactionDto,
  ): Promise<OperationResponse> {
    const patch = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    await this.ledgers.require(organizationId, ledgerId);
    return this.db.transaction(async (m) => {
      const entity = await m.findOne(OperationEntity, {
        where: { id, transactionId, ledgerId, deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw operationNotFound(id);
      if (dto.description !== undefined) entity.description = dto.description;
      entity.metadata = mergeMetadata(entity.metadata, patch);
      entity.updatedAt = new Date();
      await m.update(
        OperationEntity,
        { id },
        { description: entity.description, metadata: entity.metadata, updatedAt: entity.updatedAt },
      );
      return toOperationResponse(operationRecordOf(entity));
    });
  }
}

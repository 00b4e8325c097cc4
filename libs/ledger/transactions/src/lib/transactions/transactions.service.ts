import { Injectable } from '@nestjs/common';
import { LedgersService } from '@finplat/ledger-onboarding';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import { applyMetadataFilter, cursorPage, TransactionEntity } from '@finplat/ledger-database';
import {
  entityNotFound,
  idempotencyOf,
  type IdempotencyHeaders,
  mergeMetadata,
  validateMetadata,
  type CursorPage,
  type CursorQueryDto,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';
import { PostingRepository, transactionRecordOf } from '../posting/posting.repository';
import { PostingService, type PostingResult } from '../posting/posting.service';
import { FeeApplicationService } from '../fees/fee-application.service';
import type { FeeOutcome } from '../fees/fee-engine';
import { FeeLedgers, FeePackagesFound } from '../fees/fee-ledgers';
import { parseTotal, requestLegs } from './request-legs';
import type { TransactionKind } from '../posting/posting.records';
import type {
  CreateAnnotationDto,
  CreateInflowDto,
  CreateOutflowDto,
  CreateTransactionDto,
  UpdateTransactionDto,
} from './dto/create-transaction.dto';
import { toTransactionResponse, type TransactionResponse } from './transaction.response';

type AnyCreateDto = CreateTransactionDto | CreateInflowDto | CreateOutflowDto | CreateAnnotationDto;

/** The kinds that move money between accounts pay fees; annotations and blocks do not. */
const FEE_KINDS = new Set<TransactionKind>(['json', 'inflow', 'outflow']);

@Injectable()
export class TransactionsService {
  constructor(
    private readonly posting: PostingService,
    private readonly repository: PostingRepository,
    private readonly ledgers: LedgersService,
    private readonly db: TenantDb,
    private readonly fees: FeeApplicationService,
    private readonly feeLedgers: FeeLedgers,
  ) {}

  async create(
    organizationId: string,
    ledgerId: string,
    kind: Exclude<TransactionKind, 'revert'>,
    dto: AnyCreateDto,
    headers: IdempotencyHeaders,
    authorization?: string,
  ): Promise<PostingResult> {
    const metadata = validateMetadata(dto.metadata);
    const { asset } = dto.send;
    const total = parseTotal(dto.send.value);
    const pending = 'pending' in dto && dto.pending === true;
    const transactionDate = this.transactionDate(dto.transactionDate, pending);
    const legs = requestLegs(kind, dto.send, total);
    const idempotency = idempotencyOf(kind, dto, headers);
    const feesDue = FEE_KINDS.has(kind) && dto.skip?.fees !== true;
    const post = (fees?: FeeOutcome) =>
      this.posting.post(
        {
          organizationId,
          ledgerId,
          kind,
          pending,
          asset,
          total: fees?.total ?? total,
          legs: fees?.legs ?? legs,
          description: dto.description,
          chartOfAccountsGroupName: dto.chartOfAccountsGroupName,
          route: dto.route,
          skip: dto.skip,
          routeId: dto.routeId,
          metadata,
          transactionDate,
          request: dto,
          authorization,
          feesUnchecked: feesDue && !fees,
        },
        idempotency,
      );
    if (!feesDue) return post();
    // Fees are worked out after the body is hashed, so a replay answers the first outcome.
    const withFees = async () =>
      post(
        await this.fees.apply(organizationId, ledgerId, {
          total,
          legs,
          route: dto.route,
          routeId: dto.routeId,
        }),
      );
    // A ledger without fee packages is not asked for them: its batch says if one may apply
    // (decision 0063).
    if (this.feeLedgers.charges(ledgerId)) return withFees();
    try {
      return await post();
    } catch (error) {
      if (!(error instanceof FeePackagesFound)) throw error;
      return withFees();
    }
  }

  async get(organizationId: string, ledgerId: string, id: string): Promise<TransactionResponse> {
    await this.ledgers.require(organizationId, ledgerId);
    return this.db.transaction(async (m) => {
      const transaction = await this.repository.findTransaction(m, ledgerId, id);
      if (!transaction) throw entityNotFound('Transaction', id);
      return toTransactionResponse(transaction, await this.repository.findOperations(m, [id]));
    });
  }

  async list(
    organizationId: string,
    ledgerId: string,
    query: CursorQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<CursorPage<TransactionResponse>> {
    await this.ledgers.require(organizationId, ledgerId);
    return this.db.transaction(async (m) => {
      const qb = m
        .createQueryBuilder(TransactionEntity, 't')
        .where(
          't.ledger_id = :ledgerId AND t.organization_id = :organizationId AND t.deleted_at IS NULL',
          {
            ledgerId,
            organizationId,
          },
        );
      const page = await cursorPage(applyMetadataFilter(qb, metadata), query);
      const operations = await this.repository.findOperations(
        m,
        page.items.map((t) => t.id),
      );
      return {
        ...page,
        items: page.items.map((t) =>
          toTransactionResponse(
            transactionRecordOf(t),
            operations.filter((o) => o.transactionId === t.id),
          ),
        ),
      };
    });
  }

  async count(organizationId: string, ledgerId: string): Promise<number> {
    await this.ledgers.require(organizationId, ledgerId);
    return this.db.transaction((m) =>
      m.countBy(TransactionEntity, { ledgerId, organizationId, deletedAt: IsNull() }),
    );
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateTransactionDto,
  ): Promise<TransactionResponse> {
    const patch = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    await this.db.transaction(async (m) => {
      await this.ledgers.require(organizationId, ledgerId);
      const transaction = await this.repository.findTransaction(m, ledgerId, id, 'wait');
      if (!transaction) throw entityNotFound('Transaction', id);
      await m.update(
        TransactionEntity,
        { id },
        {
          ...(dto.description !== undefined ? { description: dto.description } : {}),
          metadata: mergeMetadata(transaction.metadata, patch),
          updatedAt: new Date(),
        },
      );
    });
    return this.get(organizationId, ledgerId, id);
  }

  private transactionDate(value: string | undefined, pending: boolean): Date | undefined {
    if (value === undefined) return undefined;
    if (pending) {
      throw new DomainError(
        TransactionErrors.PENDING_WITH_CUSTOM_DATE,
        'A pending transaction cannot carry a transactionDate.',
        { fields: { transactionDate: 'not allowed with pending' } },
      );
    }
    const date = new Date(value);
    if (date.getTime() > Date.now()) {
      throw new DomainError(
        TransactionErrors.FUTURE_TRANSACTION_DATE,
        'transactionDate cannot be in the future.',
        {
          fields: { transactionDate: 'in the future' },
        },
      );
    }
    return date;
  }
}

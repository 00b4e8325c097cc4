import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Head,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import type { Response } from 'express';
import {
  CursorQueryDto,
  LEDGER_SCOPED_PATH,
  MetadataFilter,
  type CursorPage,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import { PostingService, type PostingResult } from '../posting/posting.service';
import {
  CreateAnnotationDto,
  CreateBlockDto,
  CreateInflowDto,
  CreateOutflowDto,
  CreateTransactionDto,
  UpdateTransactionDto,
} from './dto/create-transaction.dto';
import type { TransactionResponse } from './transaction.response';
import { TransactionsService } from './transactions.service';
import { CallerAuthorization } from '../tracer/caller-authorization.decorator';

const IDEMPOTENCY_HEADERS = [
  ApiHeader({
    name: 'X-Idempotency',
    required: false,
    description: 'idempotency key (default: hash of the body)',
  }),
  ApiHeader({
    name: 'X-TTL',
    required: false,
    description: 'seconds the key is remembered (default 300)',
  }),
];

const Idempotent = () => applyDecorators(...IDEMPOTENCY_HEADERS);

@ApiTags('Transactions')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/transactions`)
export class TransactionsController {
  constructor(
    private readonly transactions: TransactionsService,
    private readonly posting: PostingService,
  ) {}

  @Post('json')
  @Idempotent()
  @ApiOperation({ summary: 'Create a transaction (n sources, m destinations; optionally pending)' })
  createJson(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateTransactionDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'json', dto, { key, ttl }, authorization),
    );
  }

  @Post('inflow')
  @Idempotent()
  @ApiOperation({ summary: 'Money entering the ledger from @external/{asset}' })
  createInflow(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateInflowDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'inflow', dto, { key, ttl }, authorization),
    );
  }

  @Post('outflow')
  @Idempotent()
  @ApiOperation({ summary: 'Money leaving the ledger to @external/{asset}' })
  createOutflow(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateOutflowDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'outflow', dto, { key, ttl }, authorization),
    );
  }

  @Post('annotation')
  @Idempotent()
  @ApiOperation({ summary: 'Record a transaction without touching balances' })
  createAnnotation(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateAnnotationDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'annotation', dto, { key, ttl }, authorization),
    );
  }

  @Post('block')
  @Idempotent()
  @ApiOperation({
    summary:
      'Block funds: move available funds from balances of accounts into other balances of the same accounts (operations BLOCK)',
  })
  createBlock(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateBlockDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'block', dto, { key, ttl }, authorization),
    );
  }

  @Post('unblock')
  @Idempotent()
  @ApiOperation({
    summary:
      'Unblock funds: move them back between balances of the same accounts (operations UNBLOCK; the blocked balance may refuse sending)',
  })
  createUnblock(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateBlockDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.reply(
      res,
      this.transactions.create(org, ledger, 'unblock', dto, { key, ttl }, authorization),
    );
  }

  @Get()
  @ApiOperation({ summary: 'List transactions (cursor pagination)' })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Query() query: CursorQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<CursorPage<TransactionResponse>> {
    return this.transactions.list(org, ledger, query, metadata);
  }

  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count transactions (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.transactions.count(org, ledger)));
  }

  @Get(':transaction_id')
  @ApiOperation({ summary: 'Get a transaction with its operations' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) id: string,
  ): Promise<TransactionResponse> {
    return this.transactions.get(org, ledger, id);
  }

  @Patch(':transaction_id')
  @ApiOperation({ summary: 'Update the description or metadata of a transaction' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) id: string,
    @Body() dto: UpdateTransactionDto,
  ): Promise<TransactionResponse> {
    return this.transactions.update(org, ledger, id, dto);
  }

  @Post(':transaction_id/commit')
  @ApiOperation({ summary: 'Commit a pending transaction' })
  commit(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) id: string,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.posting.commit(org, ledger, id, authorization);
  }

  @Post(':transaction_id/cancel')
  @ApiOperation({ summary: 'Cancel a pending transaction, releasing its held funds' })
  cancel(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) id: string,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.posting.cancel(org, ledger, id, authorization);
  }

  @Post(':transaction_id/revert')
  @ApiOperation({ summary: 'Revert an approved transaction with its mirror transaction' })
  revert(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) id: string,
    @CallerAuthorization() authorization: string | undefined,
  ): Promise<TransactionResponse> {
    return this.posting.revert(org, ledger, id, authorization);
  }

  private async reply(res: Response, result: Promise<PostingResult>): Promise<TransactionResponse> {
    const { transaction, replayed } = await result;
    res.setHeader('X-Idempotency-Replayed', String(replayed));
    return transaction;
  }
}

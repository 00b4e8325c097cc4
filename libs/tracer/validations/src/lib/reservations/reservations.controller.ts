import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, httpStatusOf, PlatformValidationPipe } from '@finplat/platform';
import { TracerErrors, TracerUuidPipe } from '@finplat/tracer-domain';
import type { Request } from 'express';
import { assertBodySize, VALIDATION_BODY_LIMIT } from '../validations.controller';
import {
  ReservationActionResponse,
  ReserveBatchRequestDto,
  ReserveBatchResponse,
  ReserveBatchResult,
  ReserveRequestDto,
  ReserveResponse,
  SettleBatchRequestDto,
  SettleBatchResponse,
  TransactionActionResponse,
} from './reserve-request.dto';
import { ReservationsService } from './reservations.service';

@ApiTags('Reservations')
@ApiBearerAuth()
@Controller('v1/reservations')
export class ReservationsController {
  /** The pipe every body goes through, for the items of a batch one by one. */
  private readonly itemPipe = new PlatformValidationPipe();

  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reserve transaction capacity (phase one)' })
  @ApiOkResponse({ type: ReserveResponse })
  reserve(@Req() request: Request, @Body() dto: ReserveRequestDto): Promise<ReserveResponse> {
    assertBodySize(request, dto);
    return this.reservations.reserve(dto);
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reserve for many transactions in one call (phase one; each item judged alone)',
  })
  @ApiOkResponse({ type: ReserveBatchResponse })
  async reserveBatch(@Body() dto: ReserveBatchRequestDto): Promise<ReserveBatchResponse> {
    // Every item checked first, then reserved in the request's order: they meet in one group
    // commit of the tenant's reservations, judged by the limits in that order.
    const checked = await Promise.allSettled(
      dto.reservations.map((item) => this.reserveItem(item)),
    );
    const results = await Promise.allSettled(
      checked.map((item) =>
        item.status === 'fulfilled'
          ? this.reservations.reserve(item.value)
          : Promise.reject(item.reason as Error),
      ),
    );
    return {
      results: results.map((result): ReserveBatchResult => {
        if (result.status === 'fulfilled') return { status: 200, reservation: result.value };
        const error = result.reason as unknown;
        const status = error instanceof DomainError ? httpStatusOf(error.definition.kind) : 500;
        // A fault of the tracer itself (its database) is the whole call's: the filter answers
        // it (503), as it would a single reserve; an item's own fault is its own answer.
        if (!(error instanceof DomainError) || status >= 500) throw error;
        const fields = error.details.fields;
        return {
          status,
          error: {
            code: error.definition.code,
            title: error.definition.title,
            message: error.message,
            ...(fields ? { fields } : {}),
          },
        };
      }),
    };
  }

  /** One item of a batch, checked as the body of a single reserve would be. */
  private async reserveItem(item: Record<string, unknown>): Promise<ReserveRequestDto> {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (size > VALIDATION_BODY_LIMIT) {
      throw new DomainError(
        TracerErrors.PAYLOAD_TOO_LARGE,
        `The reservation is ${size} bytes; at most ${VALIDATION_BODY_LIMIT} are accepted.`,
      );
    }
    return (await this.itemPipe.transform(item, {
      type: 'body',
      metatype: ReserveRequestDto,
    })) as ReserveRequestDto;
  }

  @Post('transactions/settle')
  @HttpCode(200)
  @ApiOperation({
    summary: "Confirm or release many transactions' reservations in one call (phase two)",
  })
  @ApiOkResponse({ type: SettleBatchResponse })
  async settleBatch(@Body() dto: SettleBatchRequestDto): Promise<SettleBatchResponse> {
    return {
      results: await Promise.all(
        dto.settlements.map(({ transactionId, action }) =>
          this.reservations.settleTransaction(
            transactionId,
            action === 'confirm' ? 'CONFIRMED' : 'RELEASED',
          ),
        ),
      ),
    };
  }

  @Post('transaction/:transaction_id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: "Confirm a transaction's reservations (phase two — commit)" })
  @ApiOkResponse({ type: TransactionActionResponse })
  confirmTransaction(
    @Param('transaction_id', TracerUuidPipe) transactionId: string,
  ): Promise<TransactionActionResponse> {
    return this.reservations.settleTransaction(transactionId, 'CONFIRMED');
  }

  @Post('transaction/:transaction_id/release')
  @HttpCode(200)
  @ApiOperation({ summary: "Release a transaction's reservations (phase two — abort)" })
  @ApiOkResponse({ type: TransactionActionResponse })
  releaseTransaction(
    @Param('transaction_id', TracerUuidPipe) transactionId: string,
  ): Promise<TransactionActionResponse> {
    return this.reservations.settleTransaction(transactionId, 'RELEASED');
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a reservation (phase two — commit)' })
  @ApiOkResponse({ type: ReservationActionResponse })
  confirm(@Param('id', TracerUuidPipe) id: string): Promise<ReservationActionResponse> {
    return this.reservations.settleOne(id, 'CONFIRMED');
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a reservation (phase two — abort)' })
  @ApiOkResponse({ type: ReservationActionResponse })
  release(@Param('id', TracerUuidPipe) id: string): Promise<ReservationActionResponse> {
    return this.reservations.settleOne(id, 'RELEASED');
  }
}

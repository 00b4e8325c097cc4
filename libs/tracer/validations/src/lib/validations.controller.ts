import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@finplat/platform';
import { TracerErrors, TracerUuidPipe, toPage } from '@finplat/tracer-domain';
import type { Request, Response } from 'express';
import { ValidationRequestDto } from './dto/validation-request.dto';
import {
  ListValidationsResponse,
  TransactionValidationResponse,
  ValidationResponse,
} from './dto/validation.response';
import { ValidateTransactionUseCase } from './validate-transaction.use-case';
import {
  ListValidationsQueryDto,
  parseListValidationsQuery,
  VALIDATION_CURSORS,
} from './validation-list-query';
import { ValidationRepository } from './validation.repository';
import { toTransactionValidation, toValidationSummary } from './validation.record';

/** Validation payloads are small; anything above 100 KB is refused (TRC-0012). */
export const VALIDATION_BODY_LIMIT = 100 * 1024;

export function assertBodySize(request: Request, body: unknown): void {
  const declared = Number(request.headers['content-length']);
  const size = Number.isFinite(declared) ? declared : Buffer.byteLength(JSON.stringify(body ?? {}));
  if (size > VALIDATION_BODY_LIMIT) {
    throw new DomainError(
      TracerErrors.PAYLOAD_TOO_LARGE,
      `The request body is ${size} bytes; at most ${VALIDATION_BODY_LIMIT} are accepted.`,
    );
  }
}

@ApiTags('Validations')
@ApiBearerAuth()
@Controller('v1/validations')
export class ValidationsController {
  constructor(
    private readonly validate: ValidateTransactionUseCase,
    private readonly records: ValidationRepository,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Validate a transaction: 201 the first time, 200 with the stored answer after',
  })
  @ApiOkResponse({ type: ValidationResponse })
  async create(
    @Req() request: Request,
    @Body() dto: ValidationRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ValidationResponse> {
    assertBodySize(request, dto);
    const outcome = await this.validate.execute(dto);
    response.status(outcome.created ? 201 : 200);
    return outcome.response;
  }

  @Get()
  @ApiOperation({ summary: 'List validation records (cursor pagination)' })
  @ApiOkResponse({ type: ListValidationsResponse })
  async list(@Query() query: ListValidationsQueryDto): Promise<ListValidationsResponse> {
    const filter = parseListValidationsQuery(query);
    const rows = await this.records.list(filter);
    const page = toPage(rows, filter, VALIDATION_CURSORS, (last) => ({
      sortBy: filter.sortBy,
      sortOrder: filter.sortOrder,
      value:
        filter.sortBy === 'created_at'
          ? last.created_at.toISOString()
          : String(last.processing_time_ms),
      id: last.id,
    }));
    return {
      transactionValidations: page.items.map(toValidationSummary),
      hasMore: page.hasMore,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a validation record by ID' })
  @ApiOkResponse({ type: TransactionValidationResponse })
  async get(@Param('id', TracerUuidPipe) id: string): Promise<TransactionValidationResponse> {
    const record = await this.records.findById(id);
    if (!record) {
      throw new DomainError(
        TracerErrors.VALIDATION_NOT_FOUND,
        `No validation with id ${id} was found.`,
        {
          entityType: 'TransactionValidation',
        },
      );
    }
    return toTransactionValidation(record);
  }
}

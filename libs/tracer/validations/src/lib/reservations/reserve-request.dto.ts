import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import {
  TRACER_DECISIONS,
  TRACER_RESERVE_BATCH_LIMIT,
  type TracerDecision,
  type TracerReserveBatchResponse,
  type TracerReserveBatchResult,
  type TracerReserveResponse,
  type TracerSettleAction,
  type TracerSettleBatchRequest,
  type TracerSettleBatchResponse,
  type TracerTransactionActionResponse,
} from '@finplat/contracts';
import { TRANSACTION_TYPES, type TransactionType } from '@finplat/tracer-domain';
import { AccountContextDto, TransactionPayloadDto } from '../dto/validation-request.dto';

/**
 * Phase one of the ledger seam: the validation payload plus the ledger's transaction id.
 * As in the reference, `transactionType` and `account` are optional here.
 */
export class ReserveRequestDto extends TransactionPayloadDto {
  @ApiProperty({ format: 'uuid', description: "the ledger transaction's id" })
  @IsUUID()
  transactionId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiPropertyOptional({ description: 'pending transaction: hold for the long TTL' })
  @IsOptional()
  @IsBoolean()
  longLived?: boolean;

  @ApiPropertyOptional({ enum: TRANSACTION_TYPES })
  @IsOptional()
  @IsIn(TRANSACTION_TYPES)
  transactionType?: TransactionType;

  @ApiPropertyOptional({ type: AccountContextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountContextDto)
  account?: AccountContextDto;
}

@ApiSchema({ name: 'ReserveResponse' })
export class ReserveResponse implements TracerReserveResponse {
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ description: 'a rule denied it or a limit would be exceeded: nothing is held' })
  denied: boolean;
  @ApiProperty({ type: [String] }) reservationIds: string[];
  @ApiProperty({
    enum: TRACER_DECISIONS,
    description: 'the rules and limits decision (REVIEW holds for the long-lived TTL)',
  })
  decision: TracerDecision;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) matchedRuleIds: string[];
}

@ApiSchema({ name: 'ReservationActionResponse' })
export class ReservationActionResponse {
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty({ enum: ['CONFIRMED', 'RELEASED'] }) status: string;
}

@ApiSchema({ name: 'TransactionActionResponse' })
export class TransactionActionResponse implements TracerTransactionActionResponse {
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ enum: ['CONFIRMED', 'RELEASED'] }) status: 'CONFIRMED' | 'RELEASED';
  @ApiProperty({ type: 'integer', description: 'reservations this call settled' }) flipped: number;
}

/**
 * Many reserves in one call (decision 0028). The items are objects here and each is checked
 * on its own against ReserveRequestDto by the controller, so one bad item is answered its own
 * 4xx and does not fail the others (a posting whose asset is no currency must not refuse the
 * postings that happened to travel with it).
 */
export class ReserveBatchRequestDto {
  @ApiProperty({
    type: [ReserveRequestDto],
    minItems: 1,
    maxItems: TRACER_RESERVE_BATCH_LIMIT,
    description: 'each item as the body of POST /v1/reservations; judged alone',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TRACER_RESERVE_BATCH_LIMIT)
  @IsObject({ each: true })
  reservations: Record<string, unknown>[];
}

@ApiSchema({ name: 'ReserveBatchError' })
export class ReserveBatchError {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  fields?: Record<string, string>;
}

@ApiSchema({ name: 'ReserveBatchResult' })
export class ReserveBatchResult implements TracerReserveBatchResult {
  @ApiProperty({
    type: 'integer',
    description: 'the status POST /v1/reservations would have answered for this item',
  })
  status: number;
  @ApiPropertyOptional({ type: ReserveResponse }) reservation?: ReserveResponse;
  @ApiPropertyOptional({ type: ReserveBatchError }) error?: ReserveBatchError;
}

@ApiSchema({ name: 'ReserveBatchResponse' })
export class ReserveBatchResponse implements TracerReserveBatchResponse {
  @ApiProperty({ type: [ReserveBatchResult], description: "one per item, in the request's order" })
  results: ReserveBatchResult[];
}

export class SettleItemDto {
  @ApiProperty({ format: 'uuid', description: "the ledger transaction's id" })
  @IsUUID()
  transactionId: string;

  @ApiProperty({ enum: ['confirm', 'release'] })
  @IsIn(['confirm', 'release'])
  action: TracerSettleAction;
}

/** Phase two for many transactions in one call; every item must be well-formed. */
export class SettleBatchRequestDto implements TracerSettleBatchRequest {
  @ApiProperty({ type: [SettleItemDto], minItems: 1, maxItems: TRACER_RESERVE_BATCH_LIMIT })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TRACER_RESERVE_BATCH_LIMIT)
  // ValidateNested passes an item that is itself an array (it validates that array's items,
  // of which [] has none), so each item must first be an object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SettleItemDto)
  settlements: SettleItemDto[];
}

@ApiSchema({ name: 'SettleBatchResponse' })
export class SettleBatchResponse implements TracerSettleBatchResponse {
  @ApiProperty({ type: [TransactionActionResponse], description: 'one per item, in order' })
  results: TransactionActionResponse[];
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import {
  TRACER_DECISIONS,
  type TracerDecision,
  type TracerReserveResponse,
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

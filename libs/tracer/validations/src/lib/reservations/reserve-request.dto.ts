import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
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
export class ReserveResponse {
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ description: 'a limit would be exceeded: nothing is held' }) denied: boolean;
  @ApiProperty({ type: [String] }) reservationIds: string[];
}

@ApiSchema({ name: 'ReservationActionResponse' })
export class ReservationActionResponse {
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty({ enum: ['CONFIRMED', 'RELEASED'] }) status: string;
}

@ApiSchema({ name: 'TransactionActionResponse' })
export class TransactionActionResponse {
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ enum: ['CONFIRMED', 'RELEASED'] }) status: string;
  @ApiProperty({ type: 'integer', description: 'reservations this call settled' }) flipped: number;
}

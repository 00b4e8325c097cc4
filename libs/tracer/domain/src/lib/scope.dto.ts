import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TRANSACTION_TYPES, type TransactionType } from './scope';

/** One scope of a rule; at least one field must be set (TRC-0111 otherwise). */
@ApiSchema({ name: 'Scope' })
export class ScopeDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  segmentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  portfolioId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  merchantId?: string;

  @ApiPropertyOptional({ enum: TRANSACTION_TYPES, example: 'CARD' })
  @IsOptional()
  @IsIn(TRANSACTION_TYPES)
  transactionType?: TransactionType;

  @ApiPropertyOptional({ maxLength: 50, example: 'purchase', description: 'case-insensitive' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  subType?: string;
}

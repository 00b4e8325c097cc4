import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DistributeDto, SourceDto } from './leg.dto';

class SendBaseDto {
  @ApiProperty({ example: 'USD', maxLength: 10 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10)
  asset: string;

  @ApiProperty({ example: '100.00', description: 'decimal string' })
  @IsDefined()
  value: unknown;
}

export class SendDto extends SendBaseDto {
  @ApiProperty({ type: SourceDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SourceDto)
  source: SourceDto;

  @ApiProperty({ type: DistributeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DistributeDto)
  distribute: DistributeDto;
}

/** Inflow: money enters from `@external/{asset}`; only destinations are given. */
export class InflowSendDto extends SendBaseDto {
  @ApiProperty({ type: DistributeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DistributeDto)
  distribute: DistributeDto;
}

/** Outflow: money leaves to `@external/{asset}`; only sources are given. */
export class OutflowSendDto extends SendBaseDto {
  @ApiProperty({ type: SourceDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SourceDto)
  source: SourceDto;
}

/** Request-level skips; each is honoured only if the ledger's settings.overrides allow it (else 0490). */
export class SkipDto {
  @ApiPropertyOptional({ default: false, description: 'do not apply fee packages' })
  @IsOptional()
  @IsBoolean()
  fees?: boolean;

  @ApiPropertyOptional({ default: false, description: 'do not consult the tracer' })
  @IsOptional()
  @IsBoolean()
  tracer?: boolean;
}

class TransactionBaseDto {
  @ApiPropertyOptional({ type: SkipDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SkipDto)
  skip?: SkipDto;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  chartOfAccountsGroupName?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  code?: string;

  @ApiPropertyOptional({ maxLength: 250 })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  route?: string;

  @ApiPropertyOptional({
    description: 'transaction route (required when the ledger validates routes)',
  })
  @IsOptional()
  @IsUUID()
  routeId?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; past dates back-date the transaction' })
  @IsOptional()
  @IsISO8601({ strict: true })
  transactionDate?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class CreateTransactionDto extends TransactionBaseDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  pending?: boolean;

  @ApiProperty({ type: SendDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SendDto)
  send: SendDto;
}

export class CreateInflowDto extends TransactionBaseDto {
  @ApiProperty({ type: InflowSendDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => InflowSendDto)
  send: InflowSendDto;
}

export class CreateOutflowDto extends TransactionBaseDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  pending?: boolean;

  @ApiProperty({ type: OutflowSendDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OutflowSendDto)
  send: OutflowSendDto;
}

/** Annotation: the same body as /json, recorded with no effect on balances. */
export class CreateAnnotationDto extends TransactionBaseDto {
  @ApiProperty({ type: SendDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => SendDto)
  send: SendDto;
}

/**
 * Block / unblock: the body of /json (never pending), moving available funds between
 * balances of the same accounts, e.g. `@alice` default → `@alice` frozen and back.
 */
export class CreateBlockDto extends CreateAnnotationDto {}

export class UpdateTransactionDto {
  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

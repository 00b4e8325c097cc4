import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { TRANSACTION_TYPES, type TransactionType } from '@finplat/tracer-domain';

export const METADATA_MAX_ENTRIES = 50;
export const METADATA_KEY_MAX = 64;

/** A flat-or-nested JSON object of at most 50 entries whose keys are at most 64 characters. */
export function IsMetadata(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isMetadata',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an object of at most ${METADATA_MAX_ENTRIES} entries with keys of at most ${METADATA_KEY_MAX} characters`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= METADATA_MAX_ENTRIES &&
          Object.keys(value).every((key) => key.length > 0 && key.length <= METADATA_KEY_MAX),
      },
    });
}

export class AccountContextDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() accountId: string;
  @ApiProperty({ example: 'checking' }) @IsString() @IsNotEmpty() @MaxLength(50) type: string;
  @ApiProperty({ example: 'active' }) @IsString() @IsNotEmpty() @MaxLength(50) status: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, unknown>;
}

export class SegmentContextDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, unknown>;
}

export class PortfolioContextDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() portfolioId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, unknown>;
}

export class MerchantContextDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() merchantId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(255) name: string;
  @ApiProperty({ example: '5411', description: '4-digit MCC' })
  @Matches(/^\d{4}$/, { message: 'category must be a 4-digit MCC' })
  category: string;
  @ApiProperty({ example: 'US', description: 'ISO-3166 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO-3166 alpha-2 code' })
  country: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, unknown>;
}

/** The transaction facts every validation and reservation carries (payload-complete). */
export class TransactionPayloadDto {
  @ApiPropertyOptional({ maxLength: 50, example: 'debit', description: 'compared lower-cased' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  subType?: string;

  @ApiProperty({ example: '5000.00', description: 'decimal string' })
  @IsString()
  @Matches(/^\d{1,20}(\.\d{1,18})?$/, {
    message: 'amount must be a decimal string such as "5000.00"',
  })
  amount: string;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be 3 upper-case letters (ISO-4217)' })
  currency: string;

  @ApiProperty({ format: 'date-time', description: 'within now − 24 h … now + 1 min' })
  @IsISO8601({ strict: true })
  transactionTimestamp: string;

  @ApiPropertyOptional({ type: SegmentContextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SegmentContextDto)
  segment?: SegmentContextDto;

  @ApiPropertyOptional({ type: PortfolioContextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PortfolioContextDto)
  portfolio?: PortfolioContextDto;

  @ApiPropertyOptional({ type: MerchantContextDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MerchantContextDto)
  merchant?: MerchantContextDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, unknown>;
}

export class ValidationRequestDto extends TransactionPayloadDto {
  @ApiProperty({ format: 'uuid', description: 'idempotency key of the validation' })
  @IsUUID()
  requestId: string;

  @ApiProperty({ enum: TRANSACTION_TYPES })
  @IsIn(TRANSACTION_TYPES)
  transactionType: TransactionType;

  @ApiProperty({ type: AccountContextDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AccountContextDto)
  account: AccountContextDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ScopeDto } from '@finplat/tracer-domain';
import { LIMIT_TYPES, type LimitType } from '../limit-periods';

export const LIMIT_NAME_PATTERN = /^[a-zA-Z0-9 \-_.()]+$/;
export const DECIMAL_PATTERN = /^\d{1,20}(\.\d{1,18})?$/;
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export class CreateLimitDto {
  @ApiProperty({ maxLength: 255, example: 'Daily USD spending cap' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(LIMIT_NAME_PATTERN, {
    message: 'name may hold only letters, digits, spaces and - _ . ( )',
  })
  name: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[^<>]*$/, { message: 'description must not contain < or >' })
  description?: string | null;

  @ApiProperty({ enum: LIMIT_TYPES })
  @IsIn(LIMIT_TYPES)
  limitType: LimitType;

  @ApiProperty({ example: '1000.00', description: 'decimal string, greater than zero' })
  @IsString()
  @Matches(DECIMAL_PATTERN, { message: 'maxAmount must be a decimal string such as "1000.00"' })
  maxAmount: string;

  @ApiProperty({ example: 'USD', description: 'ISO-4217, upper case' })
  @IsString()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be 3 upper-case letters (ISO-4217)' })
  currency: string;

  @ApiProperty({ type: [ScopeDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScopeDto)
  scopes: ScopeDto[];

  @ApiPropertyOptional({ example: '09:00', description: 'HH:MM UTC; with activeTimeEnd' })
  @IsOptional()
  @Matches(HHMM_PATTERN, { message: 'activeTimeStart must be HH:MM' })
  activeTimeStart?: string | null;

  @ApiPropertyOptional({ example: '17:00', description: 'HH:MM UTC; before start = overnight' })
  @IsOptional()
  @Matches(HHMM_PATTERN, { message: 'activeTimeEnd must be HH:MM' })
  activeTimeEnd?: string | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'CUSTOM limits only' })
  @IsOptional()
  @IsISO8601({ strict: true })
  customStartDate?: string | null;

  @ApiPropertyOptional({ format: 'date-time', description: 'CUSTOM limits only; ≤ 5 years' })
  @IsOptional()
  @IsISO8601({ strict: true })
  customEndDate?: string | null;
}

import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class AccountingRubricDto {
  @ApiProperty({ example: '1001', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  code: string;

  @ApiProperty({ example: 'Cash', maxLength: 250 })
  @IsString()
  @MaxLength(250)
  description: string;
}

export class AccountingEntryDto {
  @ApiProperty({ type: AccountingRubricDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AccountingRubricDto)
  debit: AccountingRubricDto;

  @ApiProperty({ type: AccountingRubricDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AccountingRubricDto)
  credit: AccountingRubricDto;
}

/** The chart-of-accounts codes booked for each action a leg can go through. */
export class AccountingEntriesDto {
  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  direct?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  hold?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  commit?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  cancel?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  revert?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  overdraft?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  block?: AccountingEntryDto;

  @ApiPropertyOptional({ type: AccountingEntryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntryDto)
  unblock?: AccountingEntryDto;
}

/** Which accounts the route admits: by alias or by account type (`validIf`: one or a list). */
export class AccountRuleDto {
  @ApiProperty({ enum: ['alias', 'account_type'] })
  @IsString()
  ruleType: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  @IsDefined()
  validIf: unknown;
}

export class CreateOperationRouteDto {
  @ApiProperty({ maxLength: 255, example: 'Cashin from service charge' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  title: string;

  @ApiPropertyOptional({ maxLength: 250 })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  description?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'EXT-001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  code?: string;

  @ApiProperty({ enum: ['source', 'destination', 'bidirectional'] })
  @IsString()
  operationType: string;

  @ApiPropertyOptional({ type: AccountRuleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountRuleDto)
  account?: AccountRuleDto;

  @ApiPropertyOptional({ type: AccountingEntriesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountingEntriesDto)
  accountingEntries?: AccountingEntriesDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

/** Everything but the operation type may change (legs already booked through it keep theirs). */
export class UpdateOperationRouteDto extends PartialType(
  OmitType(CreateOperationRouteDto, ['operationType'] as const),
) {}

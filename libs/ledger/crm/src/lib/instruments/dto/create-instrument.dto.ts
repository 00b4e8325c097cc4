import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { BankingDetailsDto, RegulatoryFieldsDto, RelatedPartyDto } from './instrument-blocks.dto';

/** What an instrument holds besides the account it links (shared with the composition). */
export class InstrumentDetailsDto {
  @ApiPropertyOptional({ type: BankingDetailsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankingDetailsDto)
  bankingDetails?: BankingDetailsDto;

  @ApiPropertyOptional({ type: RegulatoryFieldsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegulatoryFieldsDto)
  regulatoryFields?: RegulatoryFieldsDto;

  @ApiPropertyOptional({ type: [RelatedPartyDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RelatedPartyDto)
  relatedParties?: RelatedPartyDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

/** A holder's instrument on one ledger account (one instrument per account, CRM-0013). */
export class CreateInstrumentDto extends InstrumentDetailsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId: string;
}

/** `ledgerId` and `accountId` are immutable; relatedParties given here are added. */
export class UpdateInstrumentDto extends InstrumentDetailsDto {}

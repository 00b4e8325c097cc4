import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { DATE_MESSAGE, DATE_ONLY } from '../../holders/dto/holder-blocks.dto';

export const RELATED_PARTY_ROLES = [
  'PRIMARY_HOLDER',
  'LEGAL_REPRESENTATIVE',
  'RESPONSIBLE_PARTY',
] as const;

/** Stored encrypted: account and iban (both searchable by token). */
export class BankingDetailsDto {
  @ApiPropertyOptional({ maxLength: 50, example: '0001' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  branch?: string;

  @ApiPropertyOptional({ maxLength: 50, example: '123450' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  account?: string;

  @ApiPropertyOptional({ maxLength: 10, example: 'CACC' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  type?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: `$property ${DATE_MESSAGE}` })
  openingDate?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: `$property ${DATE_MESSAGE}` })
  closingDate?: string;

  @ApiPropertyOptional({ maxLength: 34, example: 'US12345678901234567890' })
  @IsOptional()
  @IsString()
  @MaxLength(34)
  iban?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'US' })
  @IsOptional()
  @IsString()
  @Length(2, 2)
  countryCode?: string;

  @ApiPropertyOptional({ maxLength: 50, example: '12345' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  bankId?: string;
}

/** Stored encrypted (and searchable): participantDocument. */
export class RegulatoryFieldsDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  participantDocument?: string;
}

/** Someone with a role on the instrument; the document is stored encrypted and searchable. */
export class RelatedPartyDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  document: string;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @ApiProperty({ enum: RELATED_PARTY_ROLES })
  @IsIn(RELATED_PARTY_ROLES)
  role: (typeof RELATED_PARTY_ROLES)[number];

  @ApiProperty({ format: 'date' })
  @Matches(DATE_ONLY, { message: `$property ${DATE_MESSAGE}` })
  startDate: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: `$property ${DATE_MESSAGE}` })
  endDate?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { AddressesDto, ContactDto, LegalPersonDto, NaturalPersonDto } from './holder-blocks.dto';

export const HOLDER_TYPES = ['NATURAL_PERSON', 'LEGAL_PERSON'] as const;

/** A new holder. `name`, `document` and the PII of the blocks are stored encrypted. */
export class CreateHolderDto {
  @ApiPropertyOptional({ maxLength: 256, example: 'G4K7N8M2' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  externalId?: string;

  @ApiProperty({ enum: HOLDER_TYPES })
  @IsIn(HOLDER_TYPES)
  type: (typeof HOLDER_TYPES)[number];

  @ApiProperty({ maxLength: 256, example: 'John Doe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @ApiProperty({ maxLength: 100, example: '91315026015', description: 'CPF, CNPJ or similar' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  document: string;

  @ApiPropertyOptional({ type: AddressesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressesDto)
  addresses?: AddressesDto;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: NaturalPersonDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NaturalPersonDto)
  naturalPerson?: NaturalPersonDto;

  @ApiPropertyOptional({ type: LegalPersonDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalPersonDto)
  legalPerson?: LegalPersonDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AddressDto } from '@finplat/ledger-onboarding';

/** `yyyy-mm-dd`, as Midaz's date fields are. */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = 'must be a date yyyy-mm-dd';

const text = (max: number) =>
  function (target: object, key: string) {
    ApiPropertyOptional({ maxLength: max })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };

const date = () =>
  function (target: object, key: string) {
    ApiPropertyOptional({ format: 'date', example: '2025-01-01' })(target, key);
    IsOptional()(target, key);
    Matches(DATE_ONLY, { message: `$property ${DATE_MESSAGE}` })(target, key);
  };

export class AddressesDto {
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  primary?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  additional1?: AddressDto;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  additional2?: AddressDto;
}

/** Stored encrypted: every field. */
export class ContactDto {
  @text(256) primaryEmail?: string;
  @text(256) secondaryEmail?: string;
  @text(32) mobilePhone?: string;
  @text(32) otherPhone?: string;
}

/** Stored encrypted: motherName, fatherName. */
export class NaturalPersonDto {
  @text(256) favoriteName?: string;
  @text(256) socialName?: string;
  @text(100) gender?: string;
  @date() birthDate?: string;
  @text(100) civilStatus?: string;
  @text(100) nationality?: string;
  @text(256) motherName?: string;
  @text(256) fatherName?: string;
  @text(100) status?: string;
}

/** Stored encrypted: name, document, email. */
export class RepresentativeDto {
  @text(256) name?: string;
  @text(100) document?: string;
  @text(256) email?: string;
  @text(100) role?: string;
}

export class LegalPersonDto {
  @text(256) tradeName?: string;
  @text(256) activity?: string;
  @text(100) type?: string;
  @date() foundingDate?: string;
  @text(100) size?: string;
  @text(100) status?: string;

  @ApiPropertyOptional({ type: RepresentativeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RepresentativeDto)
  representative?: RepresentativeDto;
}

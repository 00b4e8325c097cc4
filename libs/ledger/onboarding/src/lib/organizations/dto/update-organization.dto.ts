import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CreateOrganizationDto } from './create-organization.dto';

/** `legalDocument` is immutable: sending it is an unexpected field (0053). */
export class UpdateOrganizationDto extends PartialType(
  OmitType(CreateOrganizationDto, ['legalDocument', 'legalName'] as const),
) {
  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  legalName?: string;
}

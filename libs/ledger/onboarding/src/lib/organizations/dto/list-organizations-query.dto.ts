import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { OrganizationListQuery } from '@finplat/ledger-database';
import { ListQueryDto } from '@finplat/ledger-domain';

export class ListOrganizationsQueryDto extends ListQueryDto implements OrganizationListQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  legal_name?: string;

  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  doing_business_as?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  @ApiPropertyOptional({ description: 'exact match' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  legal_document?: string;
}

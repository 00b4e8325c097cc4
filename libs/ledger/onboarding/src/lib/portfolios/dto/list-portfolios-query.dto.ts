import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { PortfolioListQuery } from '@finplat/ledger-database';
import { ListQueryDto } from '@finplat/ledger-domain';

export class ListPortfoliosQueryDto extends ListQueryDto implements PortfolioListQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ description: 'exact entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  entity_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;
}

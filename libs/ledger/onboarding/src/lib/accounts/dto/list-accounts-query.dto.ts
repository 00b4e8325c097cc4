import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { AccountListQuery } from '@finplat/ledger-database';
import { ListQueryDto } from '@finplat/ledger-domain';

export class ListAccountsQueryDto extends ListQueryDto implements AccountListQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  alias?: string;

  @ApiPropertyOptional({ description: 'exact asset code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  asset_code?: string;

  @ApiPropertyOptional({ description: 'exact type, e.g. deposit or external' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;

  @ApiPropertyOptional({ description: 'exact entity id' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  entity_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  portfolio_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  segment_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parent_account_id?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  blocked?: 'true' | 'false';
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { NamedListQuery } from '@finplat/ledger-database';
import { ListQueryDto } from '@finplat/ledger-domain';

export class ListLedgersQueryDto extends ListQueryDto implements NamedListQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;
}

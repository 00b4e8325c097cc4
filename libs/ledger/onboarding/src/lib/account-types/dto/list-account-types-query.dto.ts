import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { AccountTypeListQuery } from '@finplat/ledger-database';
import { ListQueryDto } from '@finplat/ledger-domain';

export class ListAccountTypesQueryDto extends ListQueryDto implements AccountTypeListQuery {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'exact key value' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  key_value?: string;
}

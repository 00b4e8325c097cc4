import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@finplat/platform';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** `include_deleted=true|false` of CRM reads. */
export class IncludeDeletedQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_deleted?: 'true' | 'false';
}

export class ListHoldersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_deleted?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'exact external id' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  external_id?: string;

  @ApiPropertyOptional({ description: 'exact document (matched by search token, never decrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  document?: string;
}

/** `hard_delete=true` removes the row physically; irreversible. */
export class HardDeleteQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  hard_delete?: 'true' | 'false';
}

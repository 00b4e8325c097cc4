import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OnboardingListQueryDto } from '../../common/list-query.dto';

export class ListAssetsQueryDto extends OnboardingListQueryDto {
  @ApiPropertyOptional({ description: 'case-insensitive prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ description: 'exact type, e.g. currency' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ description: 'exact asset code, e.g. BRL' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  asset_code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  status?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OnboardingListQueryDto } from '../../common/list-query.dto';

export class ListAccountTypesQueryDto extends OnboardingListQueryDto {
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

import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@finplat/platform';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OUTPUT_FORMATS } from '@finplat/reporter-domain';

/** `GET /v1/templates` filters, plus page, limit and sort_order. */
export class ListTemplatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTPUT_FORMATS, description: 'any case' })
  @IsOptional()
  @IsString()
  outputFormat?: string;

  @ApiPropertyOptional({ description: 'alias of outputFormat' })
  @IsOptional()
  @IsString()
  output_format?: string;

  @ApiPropertyOptional({ description: 'case-insensitive substring of the description' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ description: 'creation day, YYYY-MM-DD (UTC)', example: '2025-01-31' })
  @IsOptional()
  @IsString()
  createdAt?: string;
}

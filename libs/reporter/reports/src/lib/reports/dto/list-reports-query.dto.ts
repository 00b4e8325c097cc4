import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@finplat/platform';
import { IsOptional, IsString } from 'class-validator';

/** `GET /v1/reports` filters, plus page, limit and sort_order. */
export class ListReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Processing, Finished or Error (any case)' })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  templateId?: string;

  @ApiPropertyOptional({ description: 'creation day, YYYY-MM-DD (UTC)', example: '2025-01-31' })
  @IsOptional()
  @IsString()
  createdAt?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { OUTPUT_FORMATS, type OutputFormat } from '@finplat/reporter-domain';
import type { TemplateEntity } from '../template.entity';

/** A template as Reporter's API shows it (`template.Template`). */
export class TemplateResponse {
  @ApiProperty({ format: 'uuid', example: '0196159b-4f26-7300-b3d9-f4f68a7c85f3' })
  id: string;

  @ApiProperty({ enum: OUTPUT_FORMATS, example: 'HTML' })
  outputFormat: OutputFormat;

  @ApiProperty({ example: 'Template Financeiro' })
  description: string;

  @ApiProperty({ example: '0196159b-4f26-7300-b3d9-f4f68a7c85f3.tpl' })
  fileName: string;

  @ApiProperty({ example: '2025-01-01T00:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2025-01-01T00:00:00.000Z' })
  updatedAt: string;
}

export class TemplatePageResponse {
  @ApiProperty({ type: [TemplateResponse] })
  items: TemplateResponse[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 10 })
  limit: number;

  @ApiProperty({ description: 'templates matching the filters, over all pages', example: 1 })
  total: number;
}

export function toTemplateResponse(entity: TemplateEntity): TemplateResponse {
  return {
    id: entity.id,
    outputFormat: entity.outputFormat,
    description: entity.description,
    fileName: entity.fileName,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

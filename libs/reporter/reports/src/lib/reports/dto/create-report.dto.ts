import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** `POST /v1/reports` (Reporter's CreateReportInput). */
export class CreateReportDto {
  @ApiProperty({ format: 'uuid', example: '0196159b-4f26-7300-b3d9-f4f68a7c85f3' })
  @IsString()
  templateId: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      '{datasource: {table: {field: {eq|gt|gte|lt|lte|between|in|nin: [values]}}}}; field names must be columns of the live schema',
    example: {
      midaz_onboarding: { organization: { id: { eq: ['0196159b-4f26-7300-b3d9-f4f68a7c85f3'] } } },
    },
  })
  @IsOptional()
  filters?: unknown;
}

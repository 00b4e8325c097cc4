import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { OUTPUT_FORMATS } from '@finplat/reporter-domain';

export const DESCRIPTION_MAX_LENGTH = 1024;

/**
 * The text fields of a multipart template upload (POST and PATCH). They are optional here so
 * that a missing one is reported with Reporter's code (TPL-0001) naming it; any other field
 * is refused by the platform's strict validation (0053).
 */
export class TemplateFormDto {
  @ApiPropertyOptional({
    enum: OUTPUT_FORMATS,
    description: 'html, csv, xml, txt or pdf, in any case; required on create',
    example: 'html',
  })
  @IsOptional()
  @IsString()
  outputFormat?: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'required on create' })
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;

  /** Accepted only to say clearly that the template must be a file part, not text. */
  @ApiHideProperty()
  @IsOptional()
  template?: unknown;

  @ApiHideProperty()
  @IsOptional()
  templateFile?: unknown;
}

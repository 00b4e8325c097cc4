import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import type { Response } from 'express';
import { ListTemplatesQueryDto } from './dto/list-templates-query.dto';
import { DESCRIPTION_MAX_LENGTH, TemplateFormDto } from './dto/template-form.dto';
import { TemplatePageResponse, TemplateResponse } from './dto/template.response';
import { OUTPUT_FORMATS } from '@finplat/reporter-domain';
import { TemplateFilesInterceptor, TemplateUploadErrorsInterceptor } from './template-upload';
import { TemplatesService, type UploadedTemplateFile } from './templates.service';

type UploadedFilesByField = Partial<Record<string, UploadedTemplateFile[]>>;

const uploadSchema = (required: string[]) => ({
  schema: {
    type: 'object' as const,
    required,
    properties: {
      template: {
        type: 'string',
        format: 'binary',
        description: 'Template file (.tpl), UTF-8, at most 1 MiB',
      },
      templateFile: {
        type: 'string',
        format: 'binary',
        description: 'Alternative name of the `template` field',
      },
      outputFormat: { type: 'string', enum: [...OUTPUT_FORMATS], description: 'any case' },
      description: { type: 'string', maxLength: DESCRIPTION_MAX_LENGTH },
    },
  },
});

const filesOf = (files: UploadedFilesByField | undefined): UploadedTemplateFile[] =>
  Object.values(files ?? {}).flatMap((list) => list ?? []);

@ApiTags('Templates')
@ApiBearerAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @UseInterceptors(TemplateUploadErrorsInterceptor, TemplateFilesInterceptor)
  @ApiOperation({ summary: 'Create a template for reports (multipart upload)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadSchema(['template', 'outputFormat', 'description']))
  @ApiHeader({
    name: 'X-Idempotency',
    required: false,
    description: 'a repeat with the same key and upload answers with the first template',
  })
  @ApiCreatedResponse({ type: TemplateResponse })
  async create(
    @UploadedFiles() files: UploadedFilesByField | undefined,
    @Body() form: TemplateFormDto,
    @Headers('x-idempotency') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TemplateResponse> {
    const { template, replayed } = await this.templates.create(
      { files: filesOf(files), ...form },
      idempotencyKey,
    );
    if (replayed) response.setHeader('X-Idempotency-Replayed', 'true');
    return template;
  }

  @Get()
  @ApiOperation({ summary: 'List templates' })
  @ApiOkResponse({ type: TemplatePageResponse })
  list(@Query() query: ListTemplatesQueryDto): Promise<TemplatePageResponse> {
    return this.templates.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a template' })
  @ApiOkResponse({ type: TemplateResponse })
  get(@Param('id', UuidParamPipe) id: string): Promise<TemplateResponse> {
    return this.templates.get(id);
  }

  @Patch(':id')
  @UseInterceptors(TemplateUploadErrorsInterceptor, TemplateFilesInterceptor)
  @ApiOperation({ summary: 'Update a template: any of its file, outputFormat and description' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(uploadSchema([]))
  @ApiOkResponse({ type: TemplateResponse })
  update(
    @Param('id', UuidParamPipe) id: string,
    @UploadedFiles() files: UploadedFilesByField | undefined,
    @Body() form: TemplateFormDto,
  ): Promise<TemplateResponse> {
    return this.templates.update(id, { files: filesOf(files), ...form });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template (soft delete)' })
  @ApiNoContentResponse()
  remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.templates.remove(id);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { ListTemplatesQueryDto } from './dto/list-templates-query.dto';
import { DESCRIPTION_MAX_LENGTH, TemplateFormDto } from './dto/template-form.dto';
import { TemplatePageResponse, TemplateResponse } from './dto/template.response';
import { OUTPUT_FORMATS } from './output-format';
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
  @ApiCreatedResponse({ type: TemplateResponse })
  create(
    @UploadedFiles() files: UploadedFilesByField | undefined,
    @Body() form: TemplateFormDto,
  ): Promise<TemplateResponse> {
    return this.templates.create({ files: filesOf(files), ...form });
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

import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { IdempotencyRepository, requestHash } from '@finplat/reporter-database';
import { DataSourcesService } from '@finplat/reporter-datasources';
import { TenantDb } from '@finplat/tenancy';
import { dayWindow, ReporterErrors } from '@finplat/reporter-domain';
import type { ListTemplatesQueryDto } from './dto/list-templates-query.dto';
import {
  toTemplateResponse,
  type TemplatePageResponse,
  type TemplateResponse,
} from './dto/template.response';
import { normalizeOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '@finplat/reporter-domain';
import { analyzeTemplate, TemplateSyntaxError, type MappedFields } from '@finplat/reporter-engine';
import { TemplateEntity } from './template.entity';
import { TemplateRepository } from './template.repository';

/** The multipart field that carries the file; `templateFile` is the reference spec's name. */
export const TEMPLATE_FILE_FIELDS = ['template', 'templateFile'] as const;

/** One uploaded file, as multer's memory storage hands it over. */
export interface UploadedTemplateFile {
  fieldname: string;
  originalname?: string;
  buffer: Buffer;
}

/** A multipart template upload: its files (from either field) and text fields. */
export interface TemplateUpload {
  files: UploadedTemplateFile[];
  outputFormat?: string;
  description?: string;
  /** Set when `template` / `templateFile` arrived as a text field rather than a file. */
  template?: unknown;
  templateFile?: unknown;
}

interface CheckedTemplate {
  content: string;
  mappedFields: MappedFields;
}

const FORMAT_LIST = OUTPUT_FORMATS.map((format) => format.toLowerCase()).join(', ');
const SCRIPT_TAG = /<\s*script\b/i;

/** The value without surrounding blanks, or undefined when it is missing or blank. */
const present = (value: string | undefined): string | undefined => value?.trim() || undefined;

export const templateNotFound = (id: string) =>
  new DomainError(ReporterErrors.ENTITY_NOT_FOUND, `No template with id ${id} was found.`, {
    entityType: 'Template',
  });

function parseOutputFormat(value: string): OutputFormat {
  const format = normalizeOutputFormat(value);
  if (!format) {
    throw new DomainError(
      ReporterErrors.INVALID_OUTPUT_FORMAT,
      `outputFormat must be one of ${FORMAT_LIST} (any case); got "${value.slice(0, 40)}".`,
      { entityType: 'Template', fields: { outputFormat: `must be one of ${FORMAT_LIST}` } },
    );
  }
  return format;
}

/** The single uploaded file, or undefined when none was sent; two files are refused. */
function pickFile(upload: TemplateUpload): UploadedTemplateFile | undefined {
  const { files } = upload;
  const asText = TEMPLATE_FILE_FIELDS.find((name) => upload[name] !== undefined);
  if (asText) {
    throw new DomainError(
      ReporterErrors.INVALID_FILE_UPLOADED,
      `"${asText}" must be sent as a file (a multipart file part with a filename), not as a text field.`,
      { entityType: 'Template', fields: { [asText]: 'must be a file' } },
    );
  }
  if (files.length > 1) {
    throw new DomainError(
      ReporterErrors.INVALID_FILE_UPLOADED,
      'Send exactly one template file, in the multipart field "template" (or "templateFile").',
      { entityType: 'Template', fields: { template: 'exactly one file expected' } },
    );
  }
  return files[0];
}

/**
 * Reads and checks a template file: non-empty UTF-8 text, no <script>, valid syntax. Returns
 * the text and the data it reads.
 */
export function checkTemplateFile(file: UploadedTemplateFile): CheckedTemplate {
  const field = file.fieldname;
  const fail = (
    definition: (typeof ReporterErrors)[keyof typeof ReporterErrors],
    message: string,
    detail: string,
  ) =>
    new DomainError(definition, message, { entityType: 'Template', fields: { [field]: detail } });

  if (file.buffer.length === 0) {
    throw fail(
      ReporterErrors.EMPTY_FILE,
      `The template file in "${field}" is empty.`,
      'empty file',
    );
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
  } catch {
    throw fail(
      ReporterErrors.INVALID_UTF8,
      `The template file in "${field}" is not valid UTF-8 text.`,
      'not valid UTF-8',
    );
  }
  if (content.trim() === '') {
    throw fail(
      ReporterErrors.EMPTY_FILE,
      `The template file in "${field}" is blank.`,
      'blank file',
    );
  }
  if (SCRIPT_TAG.test(content)) {
    throw fail(
      ReporterErrors.SCRIPT_TAG_DETECTED,
      'The template contains a <script> tag, which is not allowed.',
      'contains a <script> tag',
    );
  }
  try {
    return { content, mappedFields: analyzeTemplate(content).mappedFields };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      throw fail(ReporterErrors.INVALID_TEMPLATE_CONTENT, error.message, error.message);
    }
    throw error;
  }
}

@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly db: TenantDb,
    private readonly dataSources: DataSourcesService,
    private readonly idempotency: IdempotencyRepository,
  ) {}

  /**
   * Creates a template whose fields all exist in the live schema. With an idempotency key, a
   * repeat of the same upload answers with the template the first one created.
   */
  async create(
    upload: TemplateUpload,
    idempotencyKey?: string,
  ): Promise<{ template: TemplateResponse; replayed: boolean }> {
    const file = pickFile(upload);
    if (!file) {
      throw new DomainError(
        ReporterErrors.INVALID_FILE_UPLOADED,
        'The template file is missing: send it in the multipart field "template" (or "templateFile").',
        { entityType: 'Template', fields: { template: 'required' } },
      );
    }
    const format = present(upload.outputFormat);
    const description = present(upload.description);
    if (!format || !description) {
      const missing = Object.entries({ outputFormat: format, description })
        .filter(([, value]) => value === undefined)
        .map(([name]) => name);
      throw new DomainError(
        ReporterErrors.MISSING_REQUIRED_FIELDS,
        `Required fields are missing or empty: ${missing.join(', ')}.`,
        {
          entityType: 'Template',
          fields: Object.fromEntries(missing.map((name) => [name, 'required'])),
        },
      );
    }
    const outputFormat = parseOutputFormat(format);
    const checked = checkTemplateFile(file);
    await this.dataSources.checkMappedFields(checked.mappedFields, file.fieldname);
    const hash = requestHash(outputFormat, description, checked.content);
    const outcome = await this.idempotency.once(
      'template',
      idempotencyKey,
      hash,
      async (id) => {
        const now = new Date();
        const template = Object.assign(new TemplateEntity(), {
          id,
          outputFormat,
          description,
          fileName: `${id}.tpl`,
          content: checked.content,
          mappedFields: checked.mappedFields,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        });
        await this.templates.insert(template);
        return toTemplateResponse(template);
      },
      newId,
    );
    if (!outcome.replayed) return { template: outcome.value, replayed: false };
    return { template: await this.get(outcome.resourceId), replayed: true };
  }

  async get(id: string): Promise<TemplateResponse> {
    return toTemplateResponse(await this.require(id));
  }

  async list(query: ListTemplatesQueryDto): Promise<TemplatePageResponse> {
    const formatFilter = present(query.outputFormat ?? query.output_format);
    const createdAt = present(query.createdAt);
    const window = createdAt ? dayWindow(createdAt, 'Template') : undefined;
    const { items, total } = await this.templates.list({
      outputFormat: formatFilter ? parseOutputFormat(formatFilter) : undefined,
      description: present(query.description),
      createdFrom: window?.from,
      createdTo: window?.to,
      page: query.page,
      limit: query.limit,
      sortOrder: query.sort_order,
    });
    return { items: items.map(toTemplateResponse), page: query.page, limit: query.limit, total };
  }

  /**
   * Replaces what is sent: the file (re-checked and re-mapped), outputFormat, description.
   * Blank text fields count as not sent; at least one thing must change.
   */
  async update(id: string, upload: TemplateUpload): Promise<TemplateResponse> {
    const file = pickFile(upload);
    const formatText = present(upload.outputFormat);
    const outputFormat = formatText ? parseOutputFormat(formatText) : undefined;
    const description = present(upload.description);
    if (!file && !outputFormat && description === undefined) {
      throw new DomainError(
        ReporterErrors.MISSING_REQUIRED_FIELDS,
        'Nothing to update: send a template file ("template" or "templateFile"), outputFormat or description.',
        {
          entityType: 'Template',
          fields: {
            template: 'one of these is required',
            outputFormat: 'one of these is required',
            description: 'one of these is required',
          },
        },
      );
    }
    const checked = file ? checkTemplateFile(file) : undefined;
    if (checked && file)
      await this.dataSources.checkMappedFields(checked.mappedFields, file.fieldname);
    return this.db.transaction(async () => {
      const template = await this.require(id, { lock: true });
      if (checked) {
        template.content = checked.content;
        template.mappedFields = checked.mappedFields;
      }
      if (outputFormat) template.outputFormat = outputFormat;
      if (description !== undefined) template.description = description;
      template.updatedAt = new Date();
      await this.templates.save(template);
      return toTemplateResponse(template);
    });
  }

  async remove(id: string): Promise<void> {
    await this.db.transaction(async () => {
      const template = await this.require(id, { lock: true });
      template.deletedAt = new Date();
      template.updatedAt = template.deletedAt;
      await this.templates.save(template);
    });
  }

  /** The live template with this id, text and mapped fields included, or 404 TPL-0011. */
  async require(
    id: string,
    options: { lock?: boolean; includeDeleted?: boolean } = {},
  ): Promise<TemplateEntity> {
    const template = await this.templates.findById(id, options);
    if (!template) throw templateNotFound(id);
    return template;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { IdempotencyRepository, requestHash } from '@finplat/reporter-database';
import { DataSourcesService, parseFilters } from '@finplat/reporter-datasources';
import { dayWindow, ReporterErrors } from '@finplat/reporter-domain';
import { TemplatesService } from '@finplat/reporter-templates';
import { TenantContext } from '@finplat/tenancy';
import { ReportJobQueue } from '../generation/report-job-queue';
import { ReportWorker } from '../generation/report-worker';
import { REPORTS_OPTIONS, type ReportsOptions } from '../reports.options';
import { ReportFileStore, type ReportDownload } from '../storage/report-file-store';
import type { CreateReportDto } from './dto/create-report.dto';
import type { ListReportsQueryDto } from './dto/list-reports-query.dto';
import {
  toReportResponse,
  type ReportPageResponse,
  type ReportResponse,
} from './dto/report.response';
import {
  REPORT_STATUSES,
  ReportRepository,
  type ReportRecord,
  type ReportStatus,
} from './report.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const reportNotFound = (id: string) =>
  new DomainError(ReporterErrors.ENTITY_NOT_FOUND, `No report with id ${id} was found.`, {
    entityType: 'Report',
  });

/** Canonical JSON (sorted keys), so equal filters hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface CreatedReport {
  report: ReportResponse;
  replayed: boolean;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly files: ReportFileStore,
    private readonly templates: TemplatesService,
    private readonly dataSources: DataSourcesService,
    private readonly idempotency: IdempotencyRepository,
    private readonly worker: ReportWorker,
    private readonly queue: ReportJobQueue,
    @Inject(REPORTS_OPTIONS) private readonly options: ReportsOptions,
  ) {}

  /**
   * Validates the request (template, filter names against the live schema, filter values as
   * their columns' types) and writes the report with its job in one transaction. The report
   * answers `Processing`; a worker builds it.
   */
  async create(input: CreateReportDto, idempotencyKey?: string): Promise<CreatedReport> {
    if (!UUID.test(input.templateId ?? '')) {
      throw new DomainError(ReporterErrors.INVALID_TEMPLATE_ID, 'templateId must be a UUID.', {
        entityType: 'Report',
        fields: { templateId: 'must be a UUID' },
      });
    }
    const template = await this.templates.require(input.templateId);
    const filters = parseFilters(input.filters);
    await this.dataSources.checkFilters(filters);
    const hash = requestHash(template.id, canonical(filters));
    const outcome = await this.idempotency.once(
      'report',
      idempotencyKey,
      hash,
      async (id) => {
        const now = new Date();
        const report: ReportRecord = {
          id,
          templateId: template.id,
          outputFormat: template.outputFormat,
          status: 'Processing',
          filters,
          metadata: {},
          completedAt: null,
          expiresAt: this.options.reportTtlSec
            ? new Date(now.getTime() + this.options.reportTtlSec * 1000)
            : null,
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
        };
        await this.reports.insertWithJob(report);
        return report;
      },
      newId,
    );
    if (outcome.replayed) return { report: await this.get(outcome.resourceId), replayed: true };
    this.worker.wake(TenantContext.current().tenantId);
    this.queue.committed();
    return { report: toReportResponse(outcome.value), replayed: false };
  }

  async get(id: string): Promise<ReportResponse> {
    return toReportResponse(await this.require(id));
  }

  async list(query: ListReportsQueryDto): Promise<ReportPageResponse> {
    const status = query.status?.trim() ? parseStatus(query.status) : undefined;
    const templateId = query.templateId?.trim() || undefined;
    if (templateId && !UUID.test(templateId)) {
      throw new DomainError(ReporterErrors.INVALID_QUERY_PARAMETER, 'templateId must be a UUID.', {
        entityType: 'Report',
        fields: { templateId: 'must be a UUID' },
      });
    }
    const window = query.createdAt?.trim()
      ? dayWindow(query.createdAt.trim(), 'Report')
      : undefined;
    const { items, total } = await this.reports.list({
      status,
      templateId,
      createdFrom: window?.from,
      createdTo: window?.to,
      page: query.page,
      limit: query.limit,
      sortOrder: query.sort_order,
    });
    return { items: items.map(toReportResponse), page: query.page, limit: query.limit, total };
  }

  /** The finished report's file; 409 TPL-0029 while it is not Finished. */
  async download(id: string): Promise<ReportDownload> {
    const report = await this.require(id);
    if (report.status !== 'Finished') {
      const reason =
        report.status === 'Error' ? `: ${String(report.metadata['error'] ?? 'failed')}` : '';
      throw new DomainError(
        ReporterErrors.REPORT_NOT_FINISHED,
        `Report ${id} is ${report.status}${reason}; only a Finished report can be downloaded.`,
        { entityType: 'Report', status: report.status },
      );
    }
    const file = await this.files.open(id);
    if (!file) throw reportNotFound(id);
    return file;
  }

  private async require(id: string): Promise<ReportRecord> {
    const report = await this.reports.findById(id);
    if (!report || (report.expiresAt && report.expiresAt.getTime() <= Date.now()))
      throw reportNotFound(id);
    return report;
  }
}

function parseStatus(value: string): ReportStatus {
  const found = REPORT_STATUSES.find(
    (status) => status.toLowerCase() === value.trim().toLowerCase(),
  );
  if (!found) {
    throw new DomainError(
      ReporterErrors.INVALID_QUERY_PARAMETER,
      `status must be one of ${REPORT_STATUSES.join(', ')} (any case); got "${value.slice(0, 40)}".`,
      { entityType: 'Report', fields: { status: `one of ${REPORT_STATUSES.join(', ')}` } },
    );
  }
  return found;
}

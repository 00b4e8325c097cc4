import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { DataSourcesService } from '@finplat/reporter-datasources';
import {
  compileTemplate,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateData,
} from '@finplat/reporter-engine';
import { TemplatesService } from '@finplat/reporter-templates';
import { ReportFileStore } from '../storage/report-file-store';
import { ReportRepository, type ReportRecord } from '../reports/report.repository';
import { REPORTS_OPTIONS, type ReportsOptions } from '../reports.options';
import { ReportJobQueue } from './report-job-queue';
import { ReportJobsRepository, type ClaimedJob } from './report-jobs.repository';
import { OUTPUT_SPECS, PdfPrinter, ReportBusinessError } from './report-output';

export type GenerationOutcome = 'finished' | 'failed' | 'retry' | 'skipped' | 'lost';

/** Backoff before the next attempt: 1 s, 2 s, 4 s … capped at 30 s. */
export const retryDelaySec = (attempt: number) => Math.min(30, 2 ** Math.max(0, attempt - 1));

const reasonOf = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 1000);

/** Failures that retrying cannot fix: the template, its data or its fields are wrong. */
export function isBusinessFailure(error: unknown): boolean {
  if (
    error instanceof ReportBusinessError ||
    error instanceof TemplateRenderError ||
    error instanceof TemplateSyntaxError
  ) {
    return true;
  }
  if (error instanceof DomainError)
    return ['validation', 'not-found', 'business'].includes(error.definition.kind);
  return false;
}

/**
 * Builds one claimed report, in the tenant context of the caller: reads each table the
 * template maps (mapped columns only, the report's filters in SQL), renders, stores the file
 * and marks the report Finished, all while the job's lease is held. Business failures end in
 * Error at once; other failures are retried with backoff up to `maxRetries` times.
 */
@Injectable()
export class GenerateReportUseCase {
  private readonly logger = new Logger(GenerateReportUseCase.name);

  constructor(
    private readonly reports: ReportRepository,
    private readonly jobs: ReportJobsRepository,
    private readonly files: ReportFileStore,
    private readonly templates: TemplatesService,
    private readonly dataSources: DataSourcesService,
    private readonly pdf: PdfPrinter,
    @Inject(REPORTS_OPTIONS) private readonly options: ReportsOptions,
    private readonly queue: ReportJobQueue,
  ) {}

  async run(
    job: ClaimedJob,
    worker: string,
  ): Promise<{ outcome: GenerationOutcome; reason?: string }> {
    const report = await this.reports.findById(job.reportId);
    if (!report || report.status !== 'Processing') {
      // Idempotent: a report already Finished or Error (or deleted) is not built again.
      await this.jobs.whileHeld(job.reportId, worker, (m) =>
        this.jobs.close(m, job.reportId, 'done'),
      );
      return { outcome: 'skipped' };
    }
    try {
      const file = await this.files.prepare(report.id, await this.build(report, job, worker));
      const finished = await this.jobs.whileHeld(report.id, worker, async (m) => {
        await this.files.insert(m, report.id, file);
        await m.query(
          `UPDATE reports SET status = 'Finished', completed_at = now(), updated_at = now(),
                  metadata = metadata || $2::jsonb
            WHERE id = $1 AND status = 'Processing'`,
          [report.id, JSON.stringify({ attempts: job.attempt, size: file.size })],
        );
        await this.jobs.close(m, report.id, 'done');
      });
      return { outcome: finished ? 'finished' : 'lost' };
    } catch (error) {
      return this.fail(report, job, worker, error);
    }
  }

  private async build(report: ReportRecord, job: ClaimedJob, worker: string) {
    const template = await this.templates
      .require(report.templateId, { includeDeleted: true })
      .catch((error) => {
        throw isBusinessFailure(error)
          ? new ReportBusinessError(`template ${report.templateId} is gone`)
          : error;
      });
    const compiled = compileTemplate(template.content);
    const data: TemplateData = {};
    for (const [datasource, tables] of Object.entries(compiled.mappedFields)) {
      data[datasource] = {};
      for (const [table, columns] of Object.entries(tables)) {
        data[datasource][table] = await this.dataSources.readTable(
          { datasource, table, columns },
          report.filters,
        );
      }
    }
    await this.jobs.renew(report.id, worker, this.options.leaseSec);
    const spec = OUTPUT_SPECS[report.outputFormat];
    const text = compiled.render(data, {
      autoescape: spec.autoescape,
      timeoutMs: this.options.renderTimeoutMs,
      maxItemsPerTag: this.options.maxItemsPerTag,
    });
    let content: Buffer;
    if (report.outputFormat === 'PDF') {
      const reason = this.pdf.unavailableReason();
      if (reason) throw new ReportBusinessError(reason);
      content = await this.pdf.print(text);
    } else {
      content = Buffer.from(text, 'utf8');
    }
    this.logger.debug(`report ${report.id}: ${content.length} bytes (attempt ${job.attempt})`);
    return {
      fileName: `${report.id}.${spec.extension}`,
      contentType: spec.contentType,
      size: content.length,
      content,
    };
  }

  private async fail(
    report: ReportRecord,
    job: ClaimedJob,
    worker: string,
    error: unknown,
  ): Promise<{ outcome: GenerationOutcome; reason: string }> {
    const reason = reasonOf(error);
    const business = isBusinessFailure(error);
    const exhausted = job.attempt > this.options.maxRetries;
    if (!business && !exhausted) {
      const delay = retryDelaySec(job.attempt);
      this.logger.warn(
        `report ${report.id}: attempt ${job.attempt} failed (${reason}); retrying in ${delay}s`,
      );
      const held = await this.jobs.whileHeld(report.id, worker, async (m) => {
        await m.query(
          `UPDATE reports SET metadata = metadata || $2::jsonb, updated_at = now() WHERE id = $1`,
          [report.id, JSON.stringify({ attempts: job.attempt, lastError: reason })],
        );
        await this.jobs.retryLater(m, report.id, delay, reason);
      });
      return { outcome: held ? 'retry' : 'lost', reason };
    }
    const final = business ? reason : `gave up after ${job.attempt} attempts: ${reason}`;
    this.logger.warn(`report ${report.id}: ${final}`);
    const held = await this.jobs.whileHeld(report.id, worker, async (m) => {
      await m.query(
        `UPDATE reports SET status = 'Error', completed_at = now(), updated_at = now(), metadata = metadata || $2::jsonb
          WHERE id = $1 AND status = 'Processing'`,
        [
          report.id,
          JSON.stringify({
            error: final,
            attempts: job.attempt,
            ...(business ? { failure: 'business' } : {}),
          }),
        ],
      );
      await this.jobs.close(m, report.id, 'dead', final);
      // With a broker, the failed job also goes to the DLQ, in the same transaction.
      await this.queue.deadLetter(m, report.id, final);
    });
    if (held) this.queue.committed();
    return { outcome: held ? 'failed' : 'lost', reason: final };
  }
}

import { Injectable } from '@nestjs/common';
import type { OutputFormat } from '@finplat/reporter-domain';
import type { ReportFilters } from '@finplat/reporter-datasources';
import { TenantDb } from '@finplat/tenancy';
import { ReportJobQueue } from '../generation/report-job-queue';

export const REPORT_STATUSES = ['Processing', 'Finished', 'Error'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportRecord {
  id: string;
  templateId: string;
  outputFormat: OutputFormat;
  status: ReportStatus;
  filters: ReportFilters;
  metadata: Record<string, unknown>;
  completedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface ReportListFilter {
  status?: ReportStatus;
  templateId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  page: number;
  limit: number;
  sortOrder: 'asc' | 'desc';
}

interface ReportRow {
  id: string;
  template_id: string;
  output_format: OutputFormat;
  status: ReportStatus;
  filters: ReportFilters;
  metadata: Record<string, unknown>;
  completed_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const COLUMNS =
  'id, template_id, output_format, status, filters, metadata, completed_at, expires_at, created_at, updated_at, deleted_at';

const toRecord = (row: ReportRow): ReportRecord => ({
  id: row.id,
  templateId: row.template_id,
  outputFormat: row.output_format,
  status: row.status,
  filters: row.filters,
  metadata: row.metadata,
  completedAt: row.completed_at,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
});

/** Reports of the current tenant (and their jobs, written with them). */
@Injectable()
export class ReportRepository {
  constructor(
    private readonly db: TenantDb,
    private readonly queue: ReportJobQueue,
  ) {}

  /**
   * The report and its job (and, with a broker, its job message in the outbox), in one
   * transaction: a report never exists without its job.
   */
  insertWithJob(report: ReportRecord): Promise<void> {
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO reports (id, template_id, output_format, status, filters, metadata, expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [
          report.id,
          report.templateId,
          report.outputFormat,
          report.status,
          JSON.stringify(report.filters),
          JSON.stringify(report.metadata),
          report.expiresAt,
          report.createdAt,
        ],
      );
      await m.query(
        'INSERT INTO report_jobs (report_id, created_at, updated_at) VALUES ($1, $2, $2)',
        [report.id, report.createdAt],
      );
      await this.queue.enqueue(m, report.id);
    });
  }

  /**
   * Deletes up to `limit` reports past their `expires_at` (REPORT_TTL), their files and jobs
   * going with them (ON DELETE CASCADE); returns how many. A report still `Processing` stays
   * until it settles: its worker would otherwise finish a report that no longer exists.
   * `deleteObjects` gets the object keys of their files (object storage) while the rows are
   * locked and before they go: if it fails, nothing is deleted and the next sweep tries again,
   * so no row is lost while its object stays behind.
   */
  deleteExpired(
    limit: number,
    deleteObjects: (keys: string[]) => Promise<void> = async () => undefined,
  ): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: { id: string; storage_key: string | null }[] = await m.query(
        `SELECT r.id, f.storage_key FROM reports r
           LEFT JOIN report_files f ON f.report_id = r.id
          WHERE r.expires_at <= now() AND r.status <> 'Processing'
          ORDER BY r.expires_at LIMIT $1 FOR UPDATE OF r SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await deleteObjects(rows.flatMap((row) => (row.storage_key ? [row.storage_key] : [])));
      await m.query('DELETE FROM reports WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async findById(id: string): Promise<ReportRecord | null> {
    const rows: ReportRow[] = await this.db.transaction((m) =>
      m.query(`SELECT ${COLUMNS} FROM reports WHERE id = $1 AND deleted_at IS NULL`, [id]),
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  list(filter: ReportListFilter): Promise<{ items: ReportRecord[]; total: number }> {
    const where = ['deleted_at IS NULL'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('status = ?', filter.status);
    if (filter.templateId) add('template_id = ?', filter.templateId);
    if (filter.createdFrom) add('created_at >= ?', filter.createdFrom);
    if (filter.createdTo) add('created_at < ?', filter.createdTo);
    const order = filter.sortOrder === 'desc' ? 'DESC' : 'ASC';
    return this.db.transaction(async (m) => {
      const [{ total }]: { total: number }[] = await m.query(
        `SELECT count(*)::int AS total FROM reports WHERE ${where.join(' AND ')}`,
        params,
      );
      const rows: ReportRow[] = await m.query(
        `SELECT ${COLUMNS} FROM reports WHERE ${where.join(' AND ')}
          ORDER BY created_at ${order}, id ${order} LIMIT ${filter.limit} OFFSET ${(filter.page - 1) * filter.limit}`,
        params,
      );
      return { items: rows.map(toRecord), total };
    });
  }
}

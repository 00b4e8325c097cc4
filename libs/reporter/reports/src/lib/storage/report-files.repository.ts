import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';

export interface ReportFile {
  fileName: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** A report_files row: the bytes themselves (default) or the key of the object holding them. */
export interface ReportFileRow {
  fileName: string;
  contentType: string;
  size: number;
  content: Buffer | null;
  storageKey: string | null;
}

/**
 * Report files in the tenant's own reporter database (the default store): per-tenant backup,
 * restore and SCHEMA→DATABASE promotion carry them with the rest of the tenant's data. With
 * object storage (decision 0035) the row keeps the file's name, type, size and object key, and
 * no bytes.
 */
@Injectable()
export class ReportFilesRepository {
  constructor(private readonly db: TenantDb) {}

  /** Writes the file inside the caller's transaction (it finishes the report in the same one). */
  async insert(manager: EntityManager, reportId: string, file: ReportFileRow): Promise<void> {
    await manager.query(
      `INSERT INTO report_files (report_id, file_name, content_type, size, content, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (report_id) DO NOTHING`,
      [reportId, file.fileName, file.contentType, file.size, file.content, file.storageKey],
    );
  }

  async find(reportId: string): Promise<ReportFileRow | null> {
    const rows: {
      file_name: string;
      content_type: string;
      size: string;
      content: Buffer | null;
      storage_key: string | null;
    }[] = await this.db.transaction((m) =>
      m.query(
        'SELECT file_name, content_type, size, content, storage_key FROM report_files WHERE report_id = $1',
        [reportId],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      fileName: row.file_name,
      contentType: row.content_type,
      size: Number(row.size),
      content: row.content,
      storageKey: row.storage_key,
    };
  }
}

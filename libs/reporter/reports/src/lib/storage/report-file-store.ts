import type { Readable } from 'node:stream';
import { Injectable, Optional } from '@nestjs/common';
import { TenantContext } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { reportObjectKey } from './report-object-key';
import { ReportObjectStorage } from './report-object-storage';
import {
  ReportFilesRepository,
  type ReportFile,
  type ReportFileRow,
} from './report-files.repository';

/** Objects deleted at once by an expiry sweep. */
const DELETE_CONCURRENCY = 16;

/** A file ready to send: its bytes from the database, or a stream from the bucket. */
export interface ReportDownload {
  fileName: string;
  contentType: string;
  size: number;
  body: Buffer | Readable;
}

/**
 * Where report files live: the tenant's database by default, an S3-compatible bucket when
 * OBJECT_STORAGE_* is set (decision 0035). Either way report_files holds the file's row, so
 * the report, its row and (in the database case) its bytes commit in one transaction.
 */
@Injectable()
export class ReportFileStore {
  constructor(
    private readonly rows: ReportFilesRepository,
    @Optional() private readonly objects?: ReportObjectStorage,
  ) {}

  /**
   * Before the transaction that finishes the report: uploads the file when a bucket is
   * configured (under the current tenant's prefix) and returns the row to insert. The key is
   * the same on every attempt, so a retry after a lost transaction overwrites, not duplicates.
   */
  async prepare(reportId: string, file: ReportFile): Promise<ReportFileRow> {
    if (!this.objects) return { ...file, storageKey: null };
    const extension = file.fileName.slice(file.fileName.lastIndexOf('.') + 1);
    const key = reportObjectKey(TenantContext.current().tenantId, reportId, extension);
    await this.objects.put(key, file.content, file.contentType);
    return { ...file, content: null, storageKey: key };
  }

  insert(manager: EntityManager, reportId: string, row: ReportFileRow): Promise<void> {
    return this.rows.insert(manager, reportId, row);
  }

  /** The report's file, or null when it has none (or its object is gone). */
  async open(reportId: string): Promise<ReportDownload | null> {
    const row = await this.rows.find(reportId);
    if (!row) return null;
    const meta = { fileName: row.fileName, contentType: row.contentType, size: row.size };
    if (row.content) return { ...meta, body: row.content };
    if (!row.storageKey || !this.objects) {
      // A row written with object storage on, read by a process configured without it.
      throw new Error(
        `report ${reportId}: its file is in object storage (${row.storageKey}) but OBJECT_STORAGE_* is not configured`,
      );
    }
    const body = await this.objects.get(row.storageKey);
    return body ? { ...meta, body } : null;
  }

  /** Deletes the objects of reports being deleted (nothing to do for database-held files). */
  async deleteObjects(keys: string[]): Promise<void> {
    if (!this.objects || keys.length === 0) return;
    const objects = this.objects;
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY)
      await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map((key) => objects.delete(key)));
  }
}

import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { SqlFilter } from '@finplat/tracer-domain';
import { RECORD_COLUMNS, recordParams, type ValidationRecord } from './validation.record';
import type { ValidationListFilter, ValidationSortColumn } from './validation-list-query';

const SORT_COLUMNS: Record<ValidationSortColumn, { sql: string; cast: string }> = {
  created_at: { sql: 'created_at', cast: 'timestamptz' },
  processing_time_ms: { sql: 'processing_time_ms', cast: 'double precision' },
};

const INSERT_SQL = `INSERT INTO transaction_validations (${RECORD_COLUMNS.join(', ')})
  VALUES (${RECORD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (request_id) DO NOTHING RETURNING id`;

/** Decision records of the current tenant; written once, never changed. */
@Injectable()
export class ValidationRepository {
  constructor(private readonly db: TenantDb) {}

  /** False when a record with this request id exists already (a concurrent duplicate won). */
  async insert(record: ValidationRecord): Promise<boolean> {
    const rows = await this.db.transaction((m) =>
      m.query<{ id: string }[]>(INSERT_SQL, recordParams(record)),
    );
    return rows.length === 1;
  }

  async findByRequestId(requestId: string): Promise<ValidationRecord | undefined> {
    const [row] = await this.db.transaction((m) =>
      m.query<ValidationRecord[]>('SELECT * FROM transaction_validations WHERE request_id = $1', [
        requestId,
      ]),
    );
    return row;
  }

  async findById(id: string): Promise<ValidationRecord | undefined> {
    const [row] = await this.db.transaction((m) =>
      m.query<ValidationRecord[]>('SELECT * FROM transaction_validations WHERE id = $1', [id]),
    );
    return row;
  }

  /** Serializes work on one request id until the surrounding transaction ends. */
  async lockRequest(requestId: string): Promise<void> {
    await this.db.transaction((m) =>
      m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [requestId]),
    );
  }

  async list(filter: ValidationListFilter): Promise<ValidationRecord[]> {
    const sql = new SqlFilter()
      .where(filter.startDate, (p) => `created_at >= ${p}`)
      .where(filter.endDate, (p) => `created_at <= ${p}`)
      .where(filter.decision, (p) => `decision = ${p}`)
      .where(filter.accountId, (p) => `account->>'accountId' = ${p}`)
      .where(filter.segmentId, (p) => `segment->>'segmentId' = ${p}`)
      .where(filter.portfolioId, (p) => `portfolio->>'portfolioId' = ${p}`)
      .where(filter.transactionType, (p) => `transaction_type = ${p}`)
      .where(filter.matchedRuleId, (p) => `matched_rule_ids @> ARRAY[${p}::uuid]`)
      .where(filter.exceededLimitId, (p) => `exceeded_limit_ids @> ARRAY[${p}::uuid]`);
    const tail = sql.page(filter, SORT_COLUMNS, { sql: 'id', cast: 'uuid' });
    return this.db.transaction((m) =>
      m.query<ValidationRecord[]>(`SELECT * FROM transaction_validations ${tail}`, sql.params),
    );
  }
}

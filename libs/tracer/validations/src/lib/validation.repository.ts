import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { SqlFilter } from '@finplat/tracer-domain';
import { RECORD_COLUMNS, type ValidationRecord } from './validation.record';
import type { ValidationListFilter, ValidationSortColumn } from './validation-list-query';

const SORT_COLUMNS: Record<ValidationSortColumn, { sql: string; cast: string }> = {
  created_at: { sql: 'created_at', cast: 'timestamptz' },
  processing_time_ms: { sql: 'processing_time_ms', cast: 'double precision' },
};

// A batch's records travel as one JSON array that PostgreSQL turns into rows by column name.
const INSERT_ALL_SQL = `INSERT INTO transaction_validations (${RECORD_COLUMNS.join(', ')})
  SELECT ${RECORD_COLUMNS.join(', ')}
    FROM jsonb_populate_recordset(NULL::transaction_validations, $1::jsonb)
  ON CONFLICT (request_id) DO NOTHING RETURNING id`;

/** Decision records of the current tenant; written once, never changed. */
@Injectable()
export class ValidationRepository {
  constructor(private readonly db: TenantDb) {}

  /**
   * Writes a batch of records in one statement. A record whose request id exists already is
   * not written; the caller holds the request ids' locks (lockAndFind), so that means a bug,
   * and the batch is refused rather than answered half-written.
   */
  async insertAll(records: readonly ValidationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = await this.db.transaction((m) =>
      m.query<{ id: string }[]>(INSERT_ALL_SQL, [JSON.stringify(records)]),
    );
    if (rows.length !== records.length) {
      throw new Error('a validation record of this batch exists already; nothing is written');
    }
  }

  /**
   * Takes the locks of a batch's request ids until the surrounding transaction ends (in one
   * order, so batches of two instances cannot deadlock), then reads the records already
   * stored under them: after the lock, so a concurrent first write is seen once committed.
   */
  async lockAndFind(requestIds: readonly string[]): Promise<Map<string, ValidationRecord>> {
    return this.db.transaction(async (m) => {
      await m.query(
        `SELECT count(pg_advisory_xact_lock(s.k)) FROM (
           SELECT DISTINCT hashtextextended(r, 7) AS k FROM unnest($1::text[]) AS r ORDER BY 1
         ) AS s`,
        [requestIds],
      );
      const rows = await m.query<ValidationRecord[]>(
        'SELECT * FROM transaction_validations WHERE request_id = ANY($1::uuid[])',
        [requestIds],
      );
      return new Map(rows.map((row) => [row.request_id, row]));
    });
  }

  async findById(id: string): Promise<ValidationRecord | undefined> {
    const [row] = await this.db.transaction((m) =>
      m.query<ValidationRecord[]>('SELECT * FROM transaction_validations WHERE id = $1', [id]),
    );
    return row;
  }

  async list(filter: ValidationListFilter): Promise<ValidationRecord[]> {
    const sql = new SqlFilter()
      .within(filter)
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

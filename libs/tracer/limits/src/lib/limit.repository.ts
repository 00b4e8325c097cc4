import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { SqlFilter, TracerErrors, type ListPaging } from '@finplat/tracer-domain';
import {
  LIMIT_COLUMNS,
  limitFromRow,
  limitParams,
  type Limit,
  type LimitRow,
} from './limit.entity';
import type { LimitListFilter, LimitSortColumn } from './limit-list-query';

const NAME_INDEX = 'limits_name_uq';

export const duplicateLimitName = (name: string) =>
  new DomainError(
    TracerErrors.LIMIT_NAME_EXISTS,
    `A limit named ${name} already exists; limit names are unique (case-insensitive).`,
    { entityType: 'Limit', fields: { name: 'already in use' } },
  );

const SORT_COLUMNS: Record<LimitSortColumn, { sql: string; cast: string }> = {
  created_at: { sql: 'created_at', cast: 'timestamptz' },
  updated_at: { sql: 'updated_at', cast: 'timestamptz' },
  name: { sql: 'name', cast: 'text' },
  max_amount: { sql: 'max_amount', cast: 'numeric' },
};

const likeContains = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Limits of the current tenant; DELETED ones keep their row but are invisible here. */
@Injectable()
export class LimitRepository {
  constructor(private readonly db: TenantDb) {}

  async insert(limit: Limit): Promise<void> {
    const placeholders = LIMIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    await this.write(
      limit,
      `INSERT INTO limits (${LIMIT_COLUMNS.join(', ')}) VALUES (${placeholders})`,
    );
  }

  async save(limit: Limit): Promise<void> {
    const sets = LIMIT_COLUMNS.slice(1)
      .map((column, i) => `${column} = $${i + 2}`)
      .join(', ');
    await this.write(limit, `UPDATE limits SET ${sets} WHERE id = $1`);
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<Limit | null> {
    const rows = await this.db.transaction((m) =>
      m.query<LimitRow[]>(
        `SELECT * FROM limits WHERE id = $1 AND status <> 'DELETED'${options.lock ? ' FOR UPDATE' : ''}`,
        [id],
      ),
    );
    return rows[0] ? limitFromRow(rows[0]) : null;
  }

  async findByName(name: string, exceptId?: string): Promise<Limit | null> {
    const rows = await this.db.transaction((m) =>
      m.query<LimitRow[]>(
        `SELECT * FROM limits WHERE lower(name) = lower($1) AND status <> 'DELETED'
           AND ($2::uuid IS NULL OR id <> $2::uuid)`,
        [name, exceptId ?? null],
      ),
    );
    return rows[0] ? limitFromRow(rows[0]) : null;
  }

  /** The active limits in some currencies: the candidates of a batch of validations. */
  async activeIn(currencies: readonly string[]): Promise<Limit[]> {
    const rows = await this.db.transaction((m) =>
      m.query<LimitRow[]>(
        `SELECT * FROM limits WHERE status = 'ACTIVE' AND currency = ANY($1::text[])
          ORDER BY created_at, id`,
        [currencies],
      ),
    );
    return rows.map(limitFromRow);
  }

  async list(filter: LimitListFilter): Promise<Limit[]> {
    const sql = new SqlFilter()
      .raw(`status <> 'DELETED'`)
      .where(filter.name && likeContains(filter.name), (p) => `name ILIKE ${p}`)
      .where(filter.status, (p) => `status = ${p}`)
      .where(filter.limitType, (p) => `limit_type = ${p}`)
      .where(
        filter.scope && JSON.stringify([filter.scope]),
        (p) => `scopes @> CAST(${p} AS jsonb)`,
      );
    const tail = sql.page(filter as ListPaging<LimitSortColumn>, SORT_COLUMNS, {
      sql: 'id',
      cast: 'uuid',
    });
    const rows = await this.db.transaction((m) =>
      m.query<LimitRow[]>(`SELECT * FROM limits ${tail}`, sql.params),
    );
    return rows.map(limitFromRow);
  }

  /** Usage in one period, summed over the limit's scope keys: used and held. */
  async usage(limitId: string, periodKey: string): Promise<{ used: string; reserved: string }> {
    const [row] = await this.db.transaction((m) =>
      m.query<{ used: string; reserved: string }[]>(
        `SELECT coalesce(sum(current_usage), 0)::text AS used,
                coalesce(sum(reserved_usage), 0)::text AS reserved
           FROM usage_counters WHERE limit_id = $1 AND period_key = $2`,
        [limitId, periodKey],
      ),
    );
    return row;
  }

  private async write(limit: Limit, sql: string): Promise<void> {
    await this.db.transaction(async (m) => {
      try {
        await m.query(sql, limitParams(limit));
      } catch (error) {
        const driver = (error as { driverError?: { code?: string; constraint?: string } })
          .driverError;
        if (driver?.code === '23505' && driver.constraint === NAME_INDEX) {
          throw duplicateLimitName(limit.name);
        }
        throw error;
      }
    });
  }
}

import { Logger } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { ReporterErrors } from '@finplat/reporter-domain';
import type { MappedFields } from '@finplat/reporter-engine';
import type Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { PoolClient } from 'pg';
import { DataSourcePools, type ResolvedDataSource } from './datasource-pools';
import { readSchema, type DataSourceSchema, type TableSchema } from './datasource-schema';
import { filterConditions, quoteIdent, type ReportFilters } from './report-filters';

export const SCHEMA_CACHE_TTL_SEC = 300;
const FETCH_SIZE = 5000;

export interface TableRead {
  datasource: string;
  table: string;
  /** Columns to select; empty selects every column the role may read. */
  columns: string[];
}

const unavailable = (id: string, error: unknown) =>
  new DomainError(
    ReporterErrors.DATA_SOURCE_UNAVAILABLE,
    `Data source "${id}" cannot be reached: ${(error as Error)?.message ?? error}`,
    { entityType: 'DataSource', retryAfterSec: 5 },
  );

/** Errors PostgreSQL gives for a bad value (invalid input syntax, out of range…). */
const BAD_VALUE_CLASSES = ['22'];

/**
 * The live schema of the current tenant's data sources (cached, tenant-prefixed keys; in
 * Redis too when REDIS_URL is set) and the reads reports make from them.
 */
export class DataSourcesService {
  private readonly logger = new Logger(DataSourcesService.name);
  private readonly cache = new LRUCache<string, DataSourceSchema>({
    max: 1000,
    ttl: SCHEMA_CACHE_TTL_SEC * 1000,
  });

  constructor(
    private readonly pools: DataSourcePools,
    private readonly redis?: Redis,
  ) {}

  async list(): Promise<DataSourceSchema[]> {
    const schemas: DataSourceSchema[] = [];
    for (const id of this.pools.ids()) schemas.push(await this.get(id));
    return schemas;
  }

  async get(id: string): Promise<DataSourceSchema> {
    const source = this.pools.resolve(id);
    const cached = this.cache.get(source.key);
    if (cached) return cached;
    const redisKey = `reporter:datasource-schema:${source.key}`;
    const shared = await this.redis?.get(redisKey).catch(() => null);
    if (shared) {
      const parsed = JSON.parse(shared) as DataSourceSchema;
      this.cache.set(source.key, parsed);
      return parsed;
    }
    let schema: DataSourceSchema;
    try {
      schema = await readSchema(source.pool, source.config);
    } catch (error) {
      throw unavailable(id, error);
    }
    this.cache.set(source.key, schema);
    await this.redis
      ?.set(redisKey, JSON.stringify(schema), 'EX', SCHEMA_CACHE_TTL_SEC)
      .catch((error: Error) => {
        this.logger.warn(`schema cache write failed: ${error.message}`);
      });
    return schema;
  }

  /** The table as templates name it, or 400 naming what is missing. */
  async table(datasource: string, table: string, where: string): Promise<TableSchema> {
    const schema = await this.schemaOrMissing(datasource, where);
    const found = schema.tables.find((t) => t.name === table);
    if (!found) {
      throw new DomainError(
        ReporterErrors.MISSING_SCHEMA_TABLE,
        `${where}: data source "${datasource}" has no table "${table}"`,
        {
          entityType: 'DataSource',
          fields: { [`${where}.${datasource}.${table}`]: 'unknown table' },
        },
      );
    }
    return found;
  }

  /**
   * Checks a template's mapped fields against the live schema: unknown data source (TPL-0031),
   * table (TPL-0030) or field (TPL-0014) is a 400 naming it.
   */
  async checkMappedFields(mapped: MappedFields, where = 'template'): Promise<void> {
    for (const [datasource, tables] of Object.entries(mapped)) {
      for (const [name, fields] of Object.entries(tables)) {
        const table = await this.table(datasource, name, where);
        const unknown = fields.filter((field) => !table.types[field]);
        if (unknown.length) {
          throw new DomainError(
            ReporterErrors.MISSING_TABLE_FIELDS,
            `${where}: table "${datasource}.${name}" has no field ${unknown.map((f) => `"${f}"`).join(', ')}`,
            {
              entityType: 'Template',
              fields: Object.fromEntries(
                unknown.map((f) => [`${where}.${datasource}.${name}.${f}`, 'unknown field']),
              ),
            },
          );
        }
      }
    }
  }

  /**
   * Checks report filters against the live schema and asks PostgreSQL to read every value as
   * its column's type, so a bad value is a 400 now rather than a failed report later.
   */
  async checkFilters(filters: ReportFilters): Promise<void> {
    for (const [datasource, tables] of Object.entries(filters)) {
      for (const [name, fields] of Object.entries(tables)) {
        const table = await this.table(datasource, name, 'filters');
        const condition = filterConditions(table, fields, `${datasource}.${name}`);
        if (!condition.params.length) continue;
        const casts = condition.sql.match(/\$\d+::"(?:[^"]|"")+"(?:\[\])?/g) ?? [];
        const source = this.pools.resolve(datasource);
        try {
          await source.pool.query(`SELECT ${casts.join(', ')}`, condition.params);
        } catch (error) {
          const code = String((error as { code?: string }).code ?? '');
          if (BAD_VALUE_CLASSES.includes(code.slice(0, 2))) {
            throw new DomainError(
              ReporterErrors.INVALID_FILTERS,
              `filters.${datasource}.${name}: ${(error as Error).message}`,
              {
                entityType: 'Report',
                fields: { [`filters.${datasource}.${name}`]: (error as Error).message },
              },
            );
          }
          throw unavailable(datasource, error);
        }
      }
    }
  }

  /**
   * Reads the rows a report needs from one table: the mapped columns, the filters applied in
   * SQL, in batches through a server-side cursor in a read-only transaction, so the result is
   * held once (the returned array) and never as a whole driver result on top of it.
   */
  async readTable(
    read: TableRead,
    filters: ReportFilters,
    onBatch?: (rows: number) => void,
  ): Promise<Record<string, unknown>[]> {
    const table = await this.table(read.datasource, read.table, 'template');
    const columns = read.columns.filter((column) => table.types[column]);
    const select = columns.length ? columns.map(quoteIdent).join(', ') : '*';
    const where = filterConditions(
      table,
      filters[read.datasource]?.[read.table],
      `${read.datasource}.${read.table}`,
    );
    const sql =
      `SELECT ${select} FROM ${quoteIdent(table.schema)}.${quoteIdent(table.table)}` +
      (where.sql ? ` WHERE ${where.sql}` : '');
    const source = this.pools.resolve(read.datasource);
    return this.withClient(source, async (client) => {
      const rows: Record<string, unknown>[] = [];
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(`DECLARE report_rows NO SCROLL CURSOR FOR ${sql}`, where.params);
        for (;;) {
          const batch = await client.query<Record<string, unknown>>(
            `FETCH ${FETCH_SIZE} FROM report_rows`,
          );
          for (const row of batch.rows) rows.push(row);
          onBatch?.(rows.length);
          if (batch.rows.length < FETCH_SIZE) break;
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return rows;
    });
  }

  private async withClient<T>(
    source: ResolvedDataSource,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    let client: PoolClient;
    try {
      client = await source.pool.connect();
    } catch (error) {
      throw unavailable(source.config.id, error);
    }
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  private async schemaOrMissing(datasource: string, where: string): Promise<DataSourceSchema> {
    try {
      return await this.get(datasource);
    } catch (error) {
      if (error instanceof DomainError && error.definition === ReporterErrors.ENTITY_NOT_FOUND) {
        throw new DomainError(
          ReporterErrors.MISSING_DATA_SOURCE,
          `${where}: there is no data source "${datasource}"; configured: ${this.pools.ids().join(', ')}`,
          {
            entityType: 'DataSource',
            fields: { [`${where}.${datasource}`]: 'unknown data source' },
          },
        );
      }
      throw error;
    }
  }
}

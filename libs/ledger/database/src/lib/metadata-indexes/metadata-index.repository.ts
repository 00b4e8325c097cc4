import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { quoteIdent, quoteLiteral, TenantDb } from '@finplat/tenancy';
import { METADATA_INDEX_PREFIX, uniqueViolationOf } from '../common/unique-violation';

/** Midaz's entity names, each with the table of the tenant's database or schema it indexes. */
export const METADATA_INDEX_TABLES: Readonly<Record<string, string>> = {
  organization: 'organization',
  ledger: 'ledger',
  segment: 'segment',
  account: 'account',
  portfolio: 'portfolio',
  asset: 'asset',
  account_type: 'account_type',
  transaction: 'transaction',
  operation: 'operation',
  operation_route: 'operation_route',
  transaction_route: 'transaction_route',
};

/** One metadata index as PostgreSQL holds it. */
export interface MetadataIndexRow {
  indexName: string;
  entityName: string;
  metadataKey: string;
  unique: boolean;
  sparse: boolean;
  accesses: number;
  statsSince: Date | null;
}

/** What the index's comment records, so the catalog alone describes every index. */
interface IndexComment {
  entityName: string;
  metadataKey: string;
  unique: boolean;
  sparse: boolean;
}

/** A stable, short, safe name: the key itself may hold any character. */
export const metadataIndexNameOf = (table: string, key: string): string =>
  `${METADATA_INDEX_PREFIX}${table}_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

export type CreateMetadataIndexResult = 'created' | 'exists' | 'duplicate-values' | 'no-table';

/**
 * Real PostgreSQL indexes on one metadata key (`(metadata -> 'key')`, what the list filters
 * compare), built and dropped CONCURRENTLY so writes go on meanwhile, in the current tenant's
 * own database or schema. The catalog is the registry: nothing else to keep in step.
 */
@Injectable()
export class MetadataIndexRepository {
  constructor(private readonly db: TenantDb) {}

  async list(entityName?: string): Promise<MetadataIndexRow[]> {
    const rows = await this.db.transaction((m) =>
      m.query(
        `SELECT c.relname AS index_name, obj_description(c.oid, 'pg_class') AS comment,
                coalesce(s.idx_scan, 0)::text AS accesses, d.stats_reset
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = c.oid
           LEFT JOIN pg_stat_database d ON d.datname = current_database()
          WHERE n.nspname = current_schema() AND c.relname LIKE 'mdx\\_%' AND i.indisvalid
          ORDER BY c.relname`,
      ),
    );
    return (
      rows as {
        index_name: string;
        comment: string | null;
        accesses: string;
        stats_reset: Date | null;
      }[]
    )
      .map((row) => {
        const comment = parseComment(row.comment);
        return comment
          ? {
              indexName: row.index_name,
              ...comment,
              accesses: Number(row.accesses),
              statsSince: row.stats_reset,
            }
          : undefined;
      })
      .filter((row): row is MetadataIndexRow => row !== undefined)
      .filter((row) => !entityName || row.entityName === entityName);
  }

  async create(
    entityName: string,
    key: string,
    unique: boolean,
    sparse: boolean,
  ): Promise<CreateMetadataIndexResult> {
    const table = METADATA_INDEX_TABLES[entityName];
    const name = metadataIndexNameOf(table, key);
    return this.db.session(async (sql) => {
      const [info] = await sql.query<
        { exists: boolean; soft_delete: boolean; index_valid: boolean | null }[]
      >(
        `SELECT to_regclass($1) IS NOT NULL AS exists,
                EXISTS (SELECT 1 FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name = $2 AND column_name = 'deleted_at') AS soft_delete,
                (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($3)) AS index_valid`,
        [quoteIdent(table), table, quoteIdent(name)],
      );
      if (!info.exists) return 'no-table';
      if (info.index_valid === true) return 'exists';
      // A build that failed half-way (another instance, a crash) leaves an invalid index.
      if (info.index_valid === false)
        await sql.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)}`);
      const literal = quoteLiteral(key);
      const predicate = [
        ...(info.soft_delete ? ['deleted_at IS NULL'] : []),
        ...(sparse ? [`metadata ? ${literal}`] : []),
      ];
      try {
        await sql.query(
          `CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${quoteIdent(name)}
             ON ${quoteIdent(table)} ((metadata -> ${literal}))
             ${predicate.length ? `WHERE ${predicate.join(' AND ')}` : ''}`,
        );
      } catch (error) {
        await sql.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)}`);
        if (uniqueViolationOf(error) !== undefined) return 'duplicate-values';
        throw error;
      }
      const comment: IndexComment = { entityName, metadataKey: key, unique, sparse };
      await sql.query(
        `COMMENT ON INDEX ${quoteIdent(name)} IS ${quoteLiteral(JSON.stringify(comment))}`,
      );
      return 'created';
    });
  }

  /** Drops the index; false when there was none. */
  async drop(entityName: string, key: string): Promise<boolean> {
    const name = metadataIndexNameOf(METADATA_INDEX_TABLES[entityName], key);
    return this.db.session(async (sql) => {
      const [found] = await sql.query<{ present: boolean }[]>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [quoteIdent(name)],
      );
      if (!found.present) return false;
      await sql.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)}`);
      return true;
    });
  }
}

function parseComment(text: string | null): IndexComment | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<IndexComment>;
    return typeof parsed.entityName === 'string' && typeof parsed.metadataKey === 'string'
      ? {
          entityName: parsed.entityName,
          metadataKey: parsed.metadataKey,
          unique: parsed.unique === true,
          sparse: parsed.sparse === true,
        }
      : undefined;
  } catch {
    return undefined;
  }
}

import type { Pool } from 'pg';
import type { DataSourceConfig } from './datasource.config';

/** One table a data source exposes, with the PostgreSQL type of each column. */
export interface TableSchema {
  /** As templates name it: `table`, or `schema__table` outside the first schema. */
  name: string;
  schema: string;
  table: string;
  fields: string[];
  /** Column → PostgreSQL type name (`udt_name`), used to cast filter values. */
  types: Record<string, string>;
}

export interface DataSourceSchema {
  id: string;
  externalName: string;
  type: 'postgresql';
  tables: TableSchema[];
}

/**
 * Reads the live schema: tables and columns of the configured schemas, as the connecting
 * role may see them (information_schema shows only what the role has privileges on).
 */
export async function readSchema(pool: Pool, config: DataSourceConfig): Promise<DataSourceSchema> {
  const { rows } = await pool.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
    udt_name: string;
  }>(
    `SELECT table_schema, table_name, column_name, udt_name
       FROM information_schema.columns
      WHERE table_schema = ANY($1::text[])
        AND ($2::text[] IS NULL OR table_name = ANY($2::text[]))
      ORDER BY array_position($1::text[], table_schema::text), table_name, ordinal_position`,
    [config.schemas, config.tables ?? null],
  );
  const tables = new Map<string, TableSchema>();
  for (const row of rows) {
    const name =
      row.table_schema === config.schemas[0]
        ? row.table_name
        : `${row.table_schema}__${row.table_name}`;
    let table = tables.get(name);
    if (!table) {
      table = { name, schema: row.table_schema, table: row.table_name, fields: [], types: {} };
      tables.set(name, table);
    }
    table.fields.push(row.column_name);
    table.types[row.column_name] = row.udt_name;
  }
  return {
    id: config.id,
    externalName: config.externalName,
    type: 'postgresql',
    tables: [...tables.values()],
  };
}

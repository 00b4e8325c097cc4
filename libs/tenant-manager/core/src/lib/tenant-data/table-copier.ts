import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { quoteIdent } from '@finplat/tenancy';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { dataOperationRefused } from '../tenant-manager.errors';

/**
 * Session settings applied on both sides of a copy or checksum, so that the text form of every
 * value (timestamps, floats, bytea) is the same whichever session produced it.
 */
export const DETERMINISTIC_SESSION = `
  SET TimeZone = 'UTC';
  SET DateStyle = 'ISO, YMD';
  SET IntervalStyle = 'postgres';
  SET extra_float_digits = 3;
  SET bytea_output = 'hex'`;

export interface ColumnDef {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  /** '' none, 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT. */
  identity: string;
  /** '' none, 's' GENERATED ALWAYS AS (...) STORED. */
  generated: string;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
  /** PRIMARY KEY, UNIQUE, CHECK and EXCLUDE definitions, created with the table. */
  constraints: { name: string; definition: string }[];
  /** FOREIGN KEY definitions, added after the data is in. */
  foreignKeys: { name: string; definition: string; references: string }[];
  /** CREATE INDEX statements of indexes that do not back a constraint, schema stripped. */
  indexes: string[];
  /**
   * Its ACL when it is not the default one (everything to the owner, nothing to anyone else),
   * e.g. an append-only table whose UPDATE, DELETE and TRUNCATE were revoked; else null.
   */
  acl: Grant[] | null;
}

/** One entry of an ACL: `grantee` null is PUBLIC. */
export interface Grant {
  privilege: string;
  grantee: string | null;
  grantable: boolean;
}

/** A function or procedure of the schema, as `pg_get_functiondef` prints it. */
export interface RoutineDef {
  /** `name(argument types)`, unqualified (`regprocedure` with the schema on the search_path). */
  signature: string;
  definition: string;
  /** Its ACL when it is not the default one (EXECUTE to PUBLIC), else null. */
  acl: Grant[] | null;
}

/** A user trigger: `CREATE TRIGGER ...` unqualified, and whether it fires (pg_trigger.tgenabled). */
export interface TriggerDef {
  table: string;
  name: string;
  definition: string;
  /** 'O' fires (origin/local), 'D' disabled, 'R' replica only, 'A' always. */
  enabled: string;
}

/** What a schema holds besides its tables, and the copy recreates after the rows are in. */
export interface SchemaRoutines {
  functions: RoutineDef[];
  triggers: TriggerDef[];
}

export interface TableSummary {
  rows: number;
  checksum: string;
}

/** Columns that COPY can carry (generated columns are recomputed by the target). */
export const copyColumns = (table: TableDef): string[] =>
  table.columns.filter((c) => c.generated === '').map((c) => c.name);

const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
const columnList = (columns: string[]) => columns.map(quoteIdent).join(', ');

/**
 * Reads a schema's tables from the catalog. `pg_get_*` functions leave names unqualified when
 * they are visible, so the session's search_path is pointed at the schema first: the
 * definitions then apply to any other schema or database unchanged.
 */
export async function readSchema(client: Client, schema: string): Promise<TableDef[]> {
  await client.query(`SELECT set_config('search_path', $1, true)`, [quoteIdent(schema)]);
  const unsupported = await client.query<{ what: string }>(
    `SELECT format('%s %s', CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
                     WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table'
                     WHEN 'S' THEN 'sequence' ELSE 'relation' END, c.relname) AS what
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind NOT IN ('r', 'i', 'S', 't', 'c')
         OR (n.nspname = $1 AND c.relkind = 'S' AND NOT EXISTS (
               SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i'))
     UNION ALL
     SELECT format('type %s', t.typname) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r', 'm')
     UNION ALL
     SELECT format('%s %s', CASE p.prokind WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
                     ELSE 'extension function' END, p.proname)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND (p.prokind NOT IN ('f', 'p') OR EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                 AND d.deptype = 'e'))
     UNION ALL
     SELECT format('policy %s on %s', p.polname, c.relname) FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY 1`,
    [schema],
  );
  if (unsupported.rows.length) {
    throw dataOperationRefused(
      `The schema holds objects the copy does not carry: ${unsupported.rows.map((r) => r.what).join(', ')}.`,
    );
  }
  const tables = await client.query<{ oid: number; name: string }>(
    `SELECT c.oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
    [schema],
  );
  const defs: TableDef[] = [];
  for (const { oid, name } of tables.rows) {
    const acl = await client.query<{ acl: Grant[] | null }>(
      `SELECT CASE WHEN c.relacl IS NULL THEN NULL ELSE coalesce((
                SELECT json_agg(json_build_object('privilege', a.privilege_type,
                         'grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                         'grantable', a.is_grantable) ORDER BY a.grantee, a.privilege_type)
                  FROM aclexplode(c.relacl) a), '[]') END AS acl
         FROM pg_class c WHERE c.oid = $1`,
      [oid],
    );
    const columns = await client.query<ColumnDef>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default,
              a.attidentity AS identity, a.attgenerated AS generated
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [oid],
    );
    const constraints = await client.query<{
      name: string;
      type: string;
      definition: string;
      references: string | null;
    }>(
      `SELECT c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS definition,
              r.relname AS references
         FROM pg_constraint c LEFT JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.conrelid = $1 AND c.contype IN ('p', 'u', 'c', 'x', 'f')
        ORDER BY c.contype, c.conname`,
      [oid],
    );
    const indexes = await client.query<{ definition: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
        WHERE i.indrelid = $1 AND NOT EXISTS (
              SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = $1)
        ORDER BY i.indexrelid`,
      [oid],
    );
    // pg_get_indexdef always qualifies the table: strip this schema from "ON [ONLY] s.t".
    const prefix = new RegExp(
      ` ON (ONLY )?(?:${escapeRegExp(quoteIdent(schema))}|${escapeRegExp(schema)})\\.`,
    );
    defs.push({
      name,
      columns: columns.rows,
      constraints: constraints.rows.filter((c) => c.type !== 'f'),
      foreignKeys: constraints.rows
        .filter((c) => c.type === 'f')
        .map((c) => ({ name: c.name, definition: c.definition, references: c.references ?? '' })),
      indexes: indexes.rows.map((r) => r.definition.replace(prefix, ' ON $1')),
      acl: acl.rows[0].acl,
    });
  }
  return defs;
}

/**
 * The schema's functions and triggers (a tracer schema's hash chain and append-only guards,
 * decision 0020), printed by PostgreSQL with the schema on the search_path so that they name
 * the schema's own objects unqualified. `pg_get_functiondef` always qualifies the function's
 * own name; that one prefix is replaced when the function is created elsewhere.
 */
export async function readRoutines(client: Client, schema: string): Promise<SchemaRoutines> {
  await client.query(`SELECT set_config('search_path', $1, true)`, [quoteIdent(schema)]);
  const functions = await client.query<RoutineDef>(
    `SELECT p.oid::regprocedure::text AS signature, pg_get_functiondef(p.oid) AS definition,
            CASE WHEN p.proacl IS NULL THEN NULL ELSE coalesce((
              SELECT json_agg(json_build_object('privilege', a.privilege_type,
                       'grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,
                       'grantable', a.is_grantable) ORDER BY a.grantee, a.privilege_type)
                FROM aclexplode(p.proacl) a), '[]') END AS acl
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')
      ORDER BY p.oid`,
    [schema],
  );
  const triggers = await client.query<TriggerDef>(
    `SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS definition,
            t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal
      ORDER BY c.relname, t.tgname`,
    [schema],
  );
  return { functions: functions.rows, triggers: triggers.rows };
}

/** A function's definition re-homed in `schema` (only its own, qualified, name changes). */
export function functionSql(sourceSchema: string, schema: string, fn: RoutineDef): string {
  const header = new RegExp(
    `^(CREATE OR REPLACE (?:FUNCTION|PROCEDURE) )(?:${escapeRegExp(quoteIdent(sourceSchema))}|${escapeRegExp(sourceSchema)})\\.`,
  );
  if (!header.test(fn.definition))
    throw dataOperationRefused(
      `Function ${fn.signature} could not be re-created: unexpected definition.`,
    );
  return fn.definition.replace(header, `$1${quoteIdent(schema)}.`);
}

/** The trigger as created by `definition` (unqualified: run with the target on the search_path). */
export function triggerSql(schema: string, trigger: TriggerDef): string[] {
  const alter = `ALTER TABLE ${qualified(schema, trigger.table)}`;
  const state: Record<string, string> = {
    D: 'DISABLE TRIGGER',
    R: 'ENABLE REPLICA TRIGGER',
    A: 'ENABLE ALWAYS TRIGGER',
  };
  const sql = [trigger.definition];
  if (state[trigger.enabled])
    sql.push(`${alter} ${state[trigger.enabled]} ${quoteIdent(trigger.name)}`);
  return sql;
}

/**
 * Statements that switch a table's triggers off for a bulk load (restore) and back to what
 * they were: triggers must neither refuse the TRUNCATE of an append-only table nor recompute
 * (re-chain) the rows being put back. Run inside the transaction holding the table's ACCESS
 * EXCLUSIVE lock, so no other session ever sees them off.
 */
export function triggerBypassSql(
  schema: string,
  triggers: TriggerDef[],
): { disable: string[]; restore: string[] } {
  const firing = triggers.filter((t) => t.enabled !== 'D');
  const on: Record<string, string> = {
    O: 'ENABLE TRIGGER',
    R: 'ENABLE REPLICA TRIGGER',
    A: 'ENABLE ALWAYS TRIGGER',
  };
  return {
    disable: firing.map(
      (t) => `ALTER TABLE ${qualified(schema, t.table)} DISABLE TRIGGER ${quoteIdent(t.name)}`,
    ),
    restore: firing.map(
      (t) => `ALTER TABLE ${qualified(schema, t.table)} ${on[t.enabled]} ${quoteIdent(t.name)}`,
    ),
  };
}

const granteeSql = (grantee: string | null) => (grantee === null ? 'PUBLIC' : quoteIdent(grantee));

/**
 * Reproduces a non-default ACL on an object the current role owns: everything is taken back
 * from PUBLIC and the owner (CURRENT_USER), then each recorded privilege is granted again. An
 * owner that revoked its own UPDATE, DELETE and TRUNCATE keeps them revoked.
 */
export function aclSql(object: string, acl: Grant[] | null): string[] {
  if (acl === null) return [];
  return [
    `REVOKE ALL ON ${object} FROM PUBLIC, CURRENT_USER`,
    ...acl.map(
      (g) =>
        `GRANT ${g.privilege} ON ${object} TO ${granteeSql(g.grantee)}${g.grantable ? ' WITH GRANT OPTION' : ''}`,
    ),
  ];
}

export const tableObject = (schema: string, table: string) => `TABLE ${qualified(schema, table)}`;
export const functionObject = (schema: string, fn: RoutineDef) =>
  `FUNCTION ${quoteIdent(schema)}.${fn.signature}`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** CREATE TABLE without foreign keys or secondary indexes (added once the rows are in). */
export function createTableSql(schema: string, table: TableDef): string {
  const columns = table.columns.map((c) => {
    let sql = `${quoteIdent(c.name)} ${c.type}`;
    if (c.generated === 's') sql += ` GENERATED ALWAYS AS (${c.default}) STORED`;
    else if (c.identity === 'a') sql += ' GENERATED ALWAYS AS IDENTITY';
    else if (c.identity === 'd') sql += ' GENERATED BY DEFAULT AS IDENTITY';
    else if (c.default !== null) sql += ` DEFAULT ${c.default}`;
    if (c.notNull) sql += ' NOT NULL';
    return sql;
  });
  const constraints = table.constraints.map(
    (c) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`,
  );
  return `CREATE TABLE ${qualified(schema, table.name)} (${[...columns, ...constraints].join(', ')})`;
}

export const foreignKeySql = (schema: string, table: TableDef) =>
  table.foreignKeys.map(
    (fk) =>
      `ALTER TABLE ${qualified(schema, table.name)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`,
  );

/** Tables ordered so that referenced tables come before those referencing them. */
export function foreignKeyOrder(tables: TableDef[]): TableDef[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableDef[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableDef) => {
    if (state.get(table.name)) return; // done, or a cycle (loaded as it comes)
    state.set(table.name, 'visiting');
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.references);
      if (target && target !== table) visit(target);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** Row count and an md5 over every row's text form, in a collation-independent order. */
export async function summarize(
  client: Client,
  schema: string,
  table: string,
): Promise<TableSummary> {
  const result = await client.query<{ rows: string; checksum: string }>(
    `SELECT count(*) AS rows,
            md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS checksum
       FROM ${qualified(schema, table)} t`,
  );
  return { rows: Number(result.rows[0].rows), checksum: result.rows[0].checksum };
}

/** Streams one table from `source` into `target` (COPY TO STDOUT piped into COPY FROM STDIN). */
export async function copyTable(
  source: Client,
  sourceSchema: string,
  target: Client,
  targetSchema: string,
  table: TableDef,
): Promise<void> {
  const columns = columnList(copyColumns(table));
  const out = source.query(
    copyTo(`COPY ${qualified(sourceSchema, table.name)} (${columns}) TO STDOUT`),
  );
  const into = target.query(
    copyFrom(`COPY ${qualified(targetSchema, table.name)} (${columns}) FROM STDIN`),
  );
  await pipeline(out, into);
}

/** One table's rows in COPY text format, held in memory (backups). */
export async function exportTable(
  client: Client,
  schema: string,
  table: string,
  columns: string[],
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = client.query(
    copyTo(`COPY ${qualified(schema, table)} (${columnList(columns)}) TO STDOUT`),
  );
  await pipeline(
    out,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}

/** Loads rows in COPY text format into a table. */
export async function importTable(
  client: Client,
  schema: string,
  table: string,
  columns: string[],
  data: Buffer,
): Promise<void> {
  const into = client.query(
    copyFrom(`COPY ${qualified(schema, table)} (${columnList(columns)}) FROM STDIN`),
  );
  await pipeline(Readable.from([data]), into);
}

/** In COPY text format every row is one line (newlines inside values are escaped). */
export const countRows = (data: Buffer): number => {
  let rows = 0;
  for (const byte of data) if (byte === 0x0a) rows += 1;
  return rows;
};

/** Sets each identity column's sequence past the copied values, as on the source. */
export async function syncIdentities(
  source: Client | null,
  sourceSchema: string,
  target: Client,
  targetSchema: string,
  table: TableDef,
): Promise<void> {
  for (const column of table.columns.filter((c) => c.identity !== '')) {
    const literal = (schema: string) => `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
    let value: string | null;
    if (source) {
      const seq = await source.query<{ last_value: string | null }>(
        `SELECT CASE WHEN s.last_value IS NULL THEN NULL ELSE s.last_value::text END AS last_value
           FROM pg_sequences s
          WHERE format('%I.%I', s.schemaname, s.sequencename) = pg_get_serial_sequence($1, $2)`,
        [literal(sourceSchema), column.name],
      );
      value = seq.rows[0]?.last_value ?? null;
    } else {
      const max = await target.query<{ max: string | null }>(
        `SELECT max(${quoteIdent(column.name)})::text AS max FROM ${qualified(targetSchema, table.name)}`,
      );
      value = max.rows[0]?.max ?? null;
    }
    if (value === null) continue;
    await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3::bigint, true)`, [
      literal(targetSchema),
      column.name,
      value,
    ]);
  }
}

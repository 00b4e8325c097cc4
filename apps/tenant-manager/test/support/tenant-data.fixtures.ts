import { adminQuery } from '@finplat/testing';

/** Where a tenant's tables live for one service, as tenant-manager reports it. */
export interface DataPlace {
  database: string;
  /** `public` in DATABASE mode. */
  schema: string;
  role: string;
}

export const placeOf = (
  service: string,
  tenantId: string,
  mode: 'SCHEMA' | 'DATABASE',
): DataPlace =>
  mode === 'SCHEMA'
    ? { database: `${service}_tenants`, schema: tenantId, role: `${service}_${tenantId}` }
    : { database: `${service}_${tenantId}`, schema: 'public', role: `${service}_${tenantId}` };

/**
 * What an app's migrations would have made in a tenant's place, created as the tenant's role:
 * a migrations ledger, a parent table with a unique key and a uuid default, a child with an
 * identity key, a foreign key, a secondary index, a generated column and awkward text.
 */
export async function seedTenantData(place: DataPlace, label: string): Promise<void> {
  const s = `"${place.schema}"`;
  await adminQuery(
    `BEGIN;
     SET LOCAL ROLE "${place.role}";
     CREATE TABLE ${s}.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
     INSERT INTO ${s}.schema_migrations (name) VALUES ('Init1700000000000'), ('Accounts1700000000001');
     CREATE TABLE ${s}.accounts (
       id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
       name text NOT NULL UNIQUE,
       balance numeric(20, 2) NOT NULL DEFAULT 0 CHECK (balance >= -1000000),
       metadata jsonb,
       created_at timestamptz NOT NULL DEFAULT now());
     CREATE TABLE ${s}.entries (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       account_id uuid NOT NULL REFERENCES ${s}.accounts (id),
       amount numeric NOT NULL,
       doubled numeric GENERATED ALWAYS AS (amount * 2) STORED,
       note text);
     CREATE INDEX entries_account_idx ON ${s}.entries (account_id);
     CREATE INDEX accounts_metadata_idx ON ${s}.accounts USING gin (metadata);
     INSERT INTO ${s}.accounts (name, balance, metadata)
       SELECT '${label}-' || g, g * 10.5, jsonb_build_object('n', g, 'tenant', '${label}')
         FROM generate_series(1, 40) g;
     INSERT INTO ${s}.entries (account_id, amount, note)
       SELECT a.id, g, E'line one\\nline\\ttwo \\\\ ' || a.name
         FROM ${s}.accounts a, generate_series(1, 5) g;
     COMMIT;`,
    [],
    place.database,
  );
}

/** Row count and checksum of every table, in a stable order (what "untouched" means). */
type Query = <T extends Record<string, unknown>>(
  sql: string,
  params?: unknown[],
  database?: string,
) => Promise<T[]>;

export async function fingerprint(
  place: DataPlace,
  query: Query = adminQuery,
): Promise<Record<string, string>> {
  const tables = await query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
    [place.schema],
    place.database,
  );
  const result: Record<string, string> = {};
  for (const { relname } of tables) {
    const [row] = await query<{ rows: string; sum: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text COLLATE "C"), '')) AS sum
         FROM "${place.schema}"."${relname}" t`,
      [],
      place.database,
    );
    result[relname] = `${row.rows}:${row.sum}`;
  }
  return result;
}

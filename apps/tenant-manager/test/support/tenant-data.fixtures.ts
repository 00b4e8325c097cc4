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

/**
 * An append-only, hash-chained trail like the tracer's audit trail (decision 0020), in a small
 * form of its own: a BEFORE INSERT trigger chains each event to the head row, triggers refuse
 * UPDATE, DELETE and TRUNCATE for every role, the owner has revoked those privileges from
 * itself and PUBLIC, and `verify_trail()` recomputes the chain up to the head. What a copy must
 * carry besides the rows: functions, triggers (firing, and one disabled) and ACLs.
 */
export async function seedAuditTrail(place: DataPlace, events: number): Promise<void> {
  const s = `"${place.schema}"`;
  await adminQuery(
    `BEGIN;
     SET LOCAL ROLE "${place.role}";
     SET LOCAL search_path = ${s};
     CREATE TABLE trail (id bigint PRIMARY KEY, body text NOT NULL, previous_hash text NOT NULL, hash text NOT NULL);
     CREATE TABLE trail_head (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), last_id bigint NOT NULL, last_hash text NOT NULL);
     INSERT INTO trail_head (last_id, last_hash) VALUES (0, 'GENESIS');
     CREATE FUNCTION trail_hash(e trail) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT md5(concat_ws('|', e.previous_hash, e.id::text, e.body)) $$;
     CREATE FUNCTION trail_chain() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE head trail_head%ROWTYPE;
       BEGIN
         SELECT * INTO STRICT head FROM trail_head FOR UPDATE;
         NEW.id := head.last_id + 1;
         NEW.previous_hash := head.last_hash;
         NEW.hash := trail_hash(NEW);
         UPDATE trail_head SET last_id = NEW.id, last_hash = NEW.hash;
         RETURN NEW;
       END $$;
     CREATE FUNCTION trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
     CREATE FUNCTION verify_trail() RETURNS boolean LANGUAGE sql STABLE AS $$
       SELECT coalesce(bool_and((s.e).hash = trail_hash(s.e)
                AND (s.e).previous_hash = coalesce(s.prev, 'GENESIS') AND (s.e).id = s.n), true)
              AND (SELECT h.last_id = (SELECT count(*) FROM trail) AND h.last_hash = coalesce(
                (SELECT hash FROM trail ORDER BY id DESC LIMIT 1), 'GENESIS') FROM trail_head h)
         FROM (SELECT e, lag(e.hash) OVER (ORDER BY e.id) AS prev,
                      row_number() OVER (ORDER BY e.id) AS n FROM trail e) s $$;
     CREATE TRIGGER trail_chain BEFORE INSERT ON trail FOR EACH ROW EXECUTE FUNCTION trail_chain();
     CREATE TRIGGER trail_append_only BEFORE UPDATE OR DELETE ON trail FOR EACH ROW EXECUTE FUNCTION trail_refuse();
     CREATE TRIGGER trail_no_truncate BEFORE TRUNCATE ON trail FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse();
     CREATE TRIGGER trail_head_no_truncate BEFORE TRUNCATE ON trail_head FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse();
     CREATE TRIGGER trail_switched_off BEFORE INSERT ON trail_head FOR EACH ROW EXECUTE FUNCTION trail_refuse();
     ALTER TABLE trail_head DISABLE TRIGGER trail_switched_off;
     REVOKE UPDATE, DELETE, TRUNCATE ON trail FROM PUBLIC, CURRENT_USER;
     REVOKE DELETE, TRUNCATE ON trail_head FROM PUBLIC, CURRENT_USER;
     REVOKE EXECUTE ON FUNCTION trail_refuse() FROM PUBLIC;
     INSERT INTO trail (id, body, previous_hash, hash)
       SELECT 0, 'event ' || g, '', '' FROM generate_series(1, ${Number(events)}) g;
     COMMIT;`,
    [],
    place.database,
  );
}

/** ACLs and trigger states of a trail (what "its protections" means), comparable across places. */
export async function trailProtections(place: DataPlace): Promise<string[]> {
  const rows = await adminQuery<{ what: string }>(
    `SELECT format('table %s %s', c.relname, c.relacl::text) AS what FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'
     UNION ALL
     SELECT format('function %s %s', p.proname, coalesce(p.proacl::text, 'default')) FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
     UNION ALL
     SELECT format('trigger %s on %s %s', t.tgname, c.relname, t.tgenabled) FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal
     ORDER BY 1`,
    [place.schema],
    place.database,
  );
  return rows.map((r) => r.what);
}

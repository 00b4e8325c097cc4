import { quoteIdent } from '@finplat/tenancy';
import { Client, type ClientConfig } from 'pg';
import { provisioningConflict, provisioningUnavailable } from '../tenant-manager.errors';
import { passwordLiteral } from './secrets';

export interface PgServer {
  host: string;
  port: number;
}

/** How long DDL may wait for a lock (e.g. a schema in use) before provisioning gives up. */
const LOCK_TIMEOUT = '5s';
const CONNECT_TIMEOUT_MS = 10_000;

/** 55P03: a lock could not be had within lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';
const DROP_ATTEMPTS = 3;
/** Attempts of one statement that lost a catalog race (see `run`). */
const CATALOG_RACE_ATTEMPTS = 8;
/** 40P01 deadlock_detected. */
const DEADLOCK = '40P01';

/**
 * The per-server lock around role and grant DDL (decision 0040). Advisory locks live in one
 * database, so it is always taken on the admin URL's own database, whichever database the
 * statements it guards run in; every tenant-manager on the server (any deployment) takes it.
 */
export const CATALOG_LOCK = 'finplat:tenant-manager:catalog-ddl';
/** How long a run waits for the catalog lock: other runs hold it for milliseconds at a time. */
const CATALOG_LOCK_WAIT = '60s';

/** A statement that lost a race on a shared catalog row, and changed nothing: safe to repeat. */
export function isCatalogRace(error: unknown): boolean {
  return (
    pgCode(error) === DEADLOCK ||
    (error instanceof Error && error.message === 'tuple concurrently updated')
  );
}

/** A comment string as an SQL literal (markers are generated from validated ids). */
function commentLiteral(text: string): string {
  if (!/^[a-z0-9 =:._-]+$/.test(text)) throw new Error(`refusing to embed comment ${text}`);
  return `'${text}'`;
}

/** Ends the other sessions holding a lock on a schema or on anything inside it. */
export const TERMINATE_SCHEMA_USERS = `
  SELECT pg_terminate_backend(l.pid, 5000)
    FROM pg_locks l
   WHERE l.pid <> pg_backend_pid()
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND ((l.locktype = 'relation'
           AND l.relation IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = $1))
       OR (l.locktype = 'object'
           AND l.classid = 'pg_namespace'::regclass
           AND l.objid = (SELECT oid FROM pg_namespace WHERE nspname = $1)))`;

/** SQLSTATEs of "that object already exists". */
const DUPLICATE_OBJECT = new Set(['42710', '42P04', '42P06', '23505']);

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/**
 * Turns a PostgreSQL failure into a domain error: an object that already exists is a
 * conflict (409); anything else (unreachable server, missing privilege) means provisioning
 * cannot proceed (503), with PostgreSQL's reason.
 */
function translate(error: unknown, what: string): never {
  if (DUPLICATE_OBJECT.has(pgCode(error) ?? '')) throw provisioningConflict(what);
  if (typeof error === 'object' && error !== null && 'definition' in error) throw error;
  throw provisioningUnavailable(`PostgreSQL (${what}): ${(error as Error).message}`);
}

/**
 * Opens administrative sessions on the server of PROVISION_PG_ADMIN_URL. Every identifier
 * goes through quoteIdent; every password is generated hex (see secrets.ts).
 */
export class PostgresAdmin {
  readonly server: PgServer;

  constructor(readonly adminUrl: string) {
    const url = new URL(adminUrl);
    this.server = { host: url.hostname, port: url.port ? Number(url.port) : 5432 };
  }

  /** The admin URL pointed at another database of the same server. */
  urlFor(database: string): string {
    const url = new URL(this.adminUrl);
    url.pathname = `/${encodeURIComponent(database)}`;
    return url.toString();
  }

  /** Runs `work` with one admin session; its connections are closed afterwards. */
  async session<T>(work: (session: PgAdminSession) => Promise<T>): Promise<T> {
    const session = new PgAdminSession(this);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<void> {
    const client = new Client(this.clientConfig(this.adminUrl));
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  }

  clientConfig(connectionString: string): ClientConfig {
    return {
      connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'tenant-manager-provisioning',
    };
  }
}

/**
 * One provisioning run's connections: the admin database for cluster-wide DDL (roles,
 * databases), plus one connection per database in which schemas are managed.
 */
export class PgAdminSession {
  private readonly clients = new Map<string, Promise<Client>>();
  private superuser?: Promise<boolean>;

  constructor(private readonly admin: PostgresAdmin) {}

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(
      clients.map(async (pending) =>
        (await pending.catch(() => undefined))?.end().catch(() => undefined),
      ),
    );
  }

  /** A connection to `database`, or to the admin URL's own database when omitted. */
  private client(database?: string): Promise<Client> {
    const key = database ?? '';
    let pending = this.clients.get(key);
    if (!pending) {
      const url = database === undefined ? this.admin.adminUrl : this.admin.urlFor(database);
      pending = (async () => {
        const client = new Client(this.admin.clientConfig(url));
        // A dropped connection must not crash the process; the failing query reports it.
        client.on('error', () => undefined);
        await client.connect();
        await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
        return client;
      })();
      pending.catch(() => this.clients.delete(key));
      this.clients.set(key, pending);
    }
    return pending;
  }

  /**
   * One statement. Role and grant DDL runs under the catalog lock, but something outside this
   * tenant-manager (an operator, an older version) may still race it on a shared catalog row
   * (`tuple concurrently updated`) or deadlock with it (40P01); such a statement failed as a
   * whole, so it is repeated after a short random pause.
   */
  private async run(what: string, sql: string, params: unknown[] = [], database?: string) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await (await this.client(database)).query(sql, params);
      } catch (error) {
        if (attempt < CATALOG_RACE_ATTEMPTS && isCatalogRace(error)) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 50));
          continue;
        }
        return translate(error, what);
      }
    }
  }

  /**
   * Runs `work` holding the server's catalog lock (CATALOG_LOCK): concurrent lifecycle runs
   * change pg_authid, pg_auth_members and database ACLs one at a time, so PostgreSQL never
   * refuses one of them with `tuple concurrently updated`. Keep slow work (CREATE or DROP
   * DATABASE, DROP SCHEMA) outside. Re-entrant: advisory locks count per session.
   */
  async catalog<T>(work: () => Promise<T>): Promise<T> {
    const admin = await this.client();
    try {
      await admin.query(`SET lock_timeout = '${CATALOG_LOCK_WAIT}'`);
      await admin.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [CATALOG_LOCK]);
    } catch (error) {
      translate(error, 'the catalog lock');
    } finally {
      await admin.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`).catch(() => undefined);
    }
    try {
      return await work();
    } finally {
      await admin
        .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [CATALOG_LOCK])
        .catch(() => undefined);
    }
  }

  /** The role's comment (its ownership marker), null without one, undefined when absent. */
  async roleComment(role: string): Promise<string | null | undefined> {
    const result = await this.run(
      `role "${role}"`,
      "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1",
      [role],
    );
    return result.rows.length ? ((result.rows[0].comment as string | null) ?? null) : undefined;
  }

  /** The owner of a database, undefined when it does not exist. */
  async databaseOwner(database: string): Promise<string | undefined> {
    const result = await this.run(
      `database "${database}"`,
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      [database],
    );
    return result.rows[0]?.owner as string | undefined;
  }

  /** The owner of a schema in `database`, undefined when either does not exist. */
  async schemaOwner(database: string, schema: string): Promise<string | undefined> {
    if (!(await this.databaseExists(database))) return undefined;
    const result = await this.run(
      `schema "${schema}" in database "${database}"`,
      'SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1',
      [schema],
      database,
    );
    return result.rows[0]?.owner as string | undefined;
  }

  /** Every role, every database with its owner, and the schemas (with owners) of `databases`. */
  async catalogSnapshot(databases: string[]): Promise<{
    roles: Set<string>;
    databases: Map<string, string>;
    schemas: Map<string, Map<string, string>>;
  }> {
    const roles = await this.run('roles', 'SELECT rolname FROM pg_roles');
    const dbs = await this.run(
      'databases',
      'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database',
    );
    const owners = new Map(dbs.rows.map((r) => [r.datname as string, r.owner as string]));
    const schemas = new Map<string, Map<string, string>>();
    for (const database of databases) {
      if (!owners.has(database)) continue;
      const result = await this.run(
        `database "${database}"`,
        'SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace',
        [],
        database,
      );
      schemas.set(
        database,
        new Map(result.rows.map((r) => [r.nspname as string, r.owner as string])),
      );
    }
    return {
      roles: new Set(roles.rows.map((r) => r.rolname as string)),
      databases: owners,
      schemas,
    };
  }

  /** Roles whose comment starts with `prefix` (a deployment's ownership markers). */
  async rolesMarked(prefix: string): Promise<{ role: string; comment: string }[]> {
    const result = await this.run(
      'roles',
      `SELECT rolname AS role, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles
        WHERE starts_with(coalesce(shobj_description(oid, 'pg_authid'), ''), $1)`,
      [prefix],
    );
    return result.rows as { role: string; comment: string }[];
  }

  /**
   * A gateway login as the server has it: undefined when the role is missing; else its comment,
   * whether it may connect to `database` (null: no such database) and the roles granted to it.
   */
  async gatewayState(
    role: string,
    database: string,
  ): Promise<
    { comment: string | null; canConnect: boolean | null; memberOf: Set<string> } | undefined
  > {
    const result = await this.run(
      `role "${role}"`,
      `SELECT shobj_description(r.oid, 'pg_authid') AS comment,
              CASE WHEN d.oid IS NULL THEN NULL ELSE has_database_privilege(r.oid, d.oid, 'CONNECT') END AS connect,
              ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                     WHERE m.member = r.oid) AS member_of
         FROM pg_roles r LEFT JOIN pg_database d ON d.datname = $2
        WHERE r.rolname = $1`,
      [role, database],
    );
    const row = result.rows[0] as
      { comment: string | null; connect: boolean | null; member_of: string[] } | undefined;
    if (!row) return undefined;
    return { comment: row.comment, canConnect: row.connect, memberOf: new Set(row.member_of) };
  }

  async roleExists(role: string): Promise<boolean> {
    const result = await this.run(`role "${role}"`, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [
      role,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async databaseExists(database: string): Promise<boolean> {
    const result = await this.run(
      `database "${database}"`,
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [database],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * A tenant's login: no superuser, no CREATEDB, no CREATEROLE. Fails with a conflict when a
   * role of that name exists: someone else's role is never adopted.
   */
  async createTenantRole(role: string, password: string, marker: string): Promise<void> {
    // One implicit transaction: the role never exists without the marker that makes it ours.
    await this.run(
      `role "${role}"`,
      `CREATE ROLE ${quoteIdent(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${passwordLiteral(password)};
       COMMENT ON ROLE ${quoteIdent(role)} IS ${commentLiteral(marker)}`,
    );
    await this.letAdminActAs(role);
  }

  /**
   * The tenant's login, created, or (when an earlier run of this tenant's provisioning made it:
   * its comment is `marker`) given `password`. Anyone else's role of that name is a conflict.
   */
  async ensureTenantRole(role: string, password: string, marker: string): Promise<void> {
    await this.catalog(async () => {
      const comment = await this.roleComment(role);
      if (comment === undefined) return this.createTenantRole(role, password, marker);
      if (comment !== marker) throw provisioningConflict(`role "${role}"`);
      await this.setRolePassword(role, password);
      await this.letAdminActAs(role);
    });
  }

  /**
   * A read-only login on one tenant's data (decision 0033): no attribute beyond LOGIN, NOINHERIT
   * (membership could never widen it), and read-only transactions by default
   * (a second line only: the role may change the setting, its privileges are what refuse
   * writes). Created with `marker`, or, when an earlier run of this tenant made it, given
   * `password`; anyone else's role of that name is a conflict.
   */
  async ensureReadOnlyRole(role: string, password: string, marker: string): Promise<void> {
    await this.catalog(async () => {
      const comment = await this.roleComment(role);
      if (comment !== undefined && comment !== marker) throw provisioningConflict(`role "${role}"`);
      const verb = comment === undefined ? 'CREATE' : 'ALTER';
      await this.run(
        `role "${role}"`,
        `${verb} ROLE ${quoteIdent(role)} WITH LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${passwordLiteral(password)};
         COMMENT ON ROLE ${quoteIdent(role)} IS ${commentLiteral(marker)};
         ALTER ROLE ${quoteIdent(role)} SET default_transaction_read_only = on`,
      );
    });
  }

  /**
   * Lets `reader` connect to `database` and SELECT every table of `schema`: those there now and,
   * through default privileges, every table `owner` (the tenant's role, which runs the service's
   * migrations) creates there later. Nothing else: no TEMPORARY, no CREATE, no sequences, no
   * other schema. Idempotent.
   */
  async grantReadOnly(
    database: string,
    schema: string,
    owner: string,
    reader: string,
  ): Promise<void> {
    const what = `read-only access of "${reader}" to "${database}"`;
    const [s, o, r] = [quoteIdent(schema), quoteIdent(owner), quoteIdent(reader)];
    await this.catalog(async () => {
      await this.run(what, `GRANT CONNECT ON DATABASE ${quoteIdent(database)} TO ${r}`);
      await this.run(
        what,
        `GRANT USAGE ON SCHEMA ${s} TO ${r};
         GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r};
         ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${r}`,
        [],
        database,
      );
    });
  }

  /**
   * What `reader` lacks of its read-only access (grantReadOnly), or has beyond it, as
   * sentences; empty when it is exactly as granted. For the reconciler.
   */
  async readOnlyProblems(
    database: string,
    schema: string,
    owner: string,
    reader: string,
  ): Promise<string[]> {
    if (!(await this.roleExists(reader))) return [`role "${reader}" is missing`];
    if (!(await this.databaseExists(database))) return [`database "${database}" is missing`];
    const problems: string[] = [];
    const [role] = (
      await this.run(
        `role "${reader}"`,
        `SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication AS elevated,
                has_database_privilege($1, $2, 'CONNECT') AS connect,
                has_database_privilege($1, $2, 'CREATE') AS create_schema,
                has_database_privilege($1, $2, 'TEMPORARY') AS temporary
           FROM pg_roles WHERE rolname = $1`,
        [reader, database],
      )
    ).rows as { elevated: boolean; connect: boolean; create_schema: boolean; temporary: boolean }[];
    if (role.elevated) problems.push(`role "${reader}" has attributes beyond LOGIN`);
    if (!role.connect) problems.push(`role "${reader}" cannot connect to "${database}"`);
    if (role.create_schema || role.temporary)
      problems.push(`role "${reader}" may create objects in "${database}"`);
    const [grants] = (
      await this.run(
        `schema "${schema}" in "${database}"`,
        `SELECT has_schema_privilege($1, n.oid, 'USAGE') AS usage,
                has_schema_privilege($1, n.oid, 'CREATE') AS create_table,
                EXISTS (SELECT 1 FROM pg_default_acl d
                         WHERE d.defaclnamespace = n.oid AND d.defaclobjtype = 'r'
                           AND d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $2)
                           AND EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) a
                                        WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
                                          AND a.privilege_type = 'SELECT')) AS future_tables,
                (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
                  WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
                    AND NOT has_table_privilege($1, c.oid, 'SELECT')) AS unreadable,
                (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
                  WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
                    AND has_table_privilege($1, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')) AS writable
           FROM pg_namespace n WHERE n.nspname = $3`,
        [reader, owner, schema],
        database,
      )
    ).rows as {
      usage: boolean;
      create_table: boolean;
      future_tables: boolean;
      unreadable: string | null;
      writable: string | null;
    }[];
    if (!grants) return [...problems, `schema "${schema}" in "${database}" is missing`];
    if (!grants.usage) problems.push(`role "${reader}" cannot use schema "${schema}"`);
    if (grants.create_table) problems.push(`role "${reader}" may create tables in "${schema}"`);
    if (!grants.future_tables)
      problems.push(`role "${reader}" will not read tables created later in "${schema}"`);
    if (grants.unreadable) problems.push(`role "${reader}" cannot read ${grants.unreadable}`);
    if (grants.writable) problems.push(`role "${reader}" may write ${grants.writable}`);
    return problems;
  }

  /**
   * A shared pool's login: NOINHERIT, so being granted tenant roles gives it nothing until it
   * switches to one. Created with `marker` as its comment, or (when the control plane lost its
   * password and the role is this deployment's) given a new password.
   */
  async upsertGatewayRole(role: string, password: string, marker: string): Promise<void> {
    const attributes = `LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${passwordLiteral(password)}`;
    const comment = `COMMENT ON ROLE ${quoteIdent(role)} IS ${commentLiteral(marker)}`;
    await this.catalog(async () => {
      const verb = (await this.roleExists(role)) ? 'ALTER' : 'CREATE';
      await this.run(
        `role "${role}"`,
        `${verb} ROLE ${quoteIdent(role)} WITH ${attributes}; ${comment}`,
      );
    });
  }

  /**
   * Terminates the role's sessions, removes what it owns or was granted in `databases` (its
   * privileges on shared objects such as databases go with it), and drops it. Idempotent.
   */
  async dropRole(role: string, databases: string[] = []): Promise<void> {
    if (!(await this.roleExists(role))) return;
    await this.run(
      `role "${role}"`,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
      [role],
    );
    // DROP OWNED revokes the role's privileges on shared objects (the shared database's ACL),
    // which concurrent deletions of other tenants rewrite too: under the catalog lock.
    await this.catalog(async () => {
      for (const database of databases) {
        if (!(await this.databaseExists(database))) continue;
        await this.run(`role "${role}"`, `DROP OWNED BY ${quoteIdent(role)} CASCADE`, [], database);
      }
      await this.run(`role "${role}"`, `DROP OWNED BY ${quoteIdent(role)} CASCADE`);
      await this.run(`role "${role}"`, `DROP ROLE IF EXISTS ${quoteIdent(role)}`);
    });
  }

  /** DATABASE mode: a database owned by the tenant's role that nobody else may connect to. */
  async createTenantDatabase(database: string, owner: string): Promise<void> {
    await this.run(
      `database "${database}"`,
      `CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(owner)}`,
    );
    await this.secureTenantDatabase(database, owner);
  }

  /** Only the owner may connect to a tenant's database. Idempotent. */
  async secureTenantDatabase(database: string, owner: string): Promise<void> {
    await this.catalog(async () => {
      await this.run(
        `database "${database}"`,
        `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`,
      );
      await this.grantDatabaseAccess(database, owner, true);
    });
  }

  /** Idempotent; FORCE ends the sessions still connected to it. */
  async dropDatabase(database: string): Promise<void> {
    await this.run(
      `database "${database}"`,
      `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`,
    );
  }

  /**
   * SCHEMA mode: the service's shared database, created when missing. Nobody may connect to it
   * or use its public schema unless granted: tenants meet only through their own schemas.
   * Re-applied on every use, so a hand-made change cannot silently widen access.
   */
  async ensureSharedDatabase(database: string): Promise<void> {
    if (!(await this.databaseExists(database))) {
      try {
        await (await this.client()).query(`CREATE DATABASE ${quoteIdent(database)}`);
      } catch (error) {
        // Created concurrently by another provisioning run: fine.
        if (pgCode(error) !== '42P04' && pgCode(error) !== '23505')
          translate(error, `database "${database}"`);
      }
    }
    await this.catalog(async () => {
      await this.run(
        `database "${database}"`,
        `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`,
      );
      await this.run(
        `database "${database}"`,
        'REVOKE ALL ON SCHEMA public FROM PUBLIC',
        [],
        database,
      );
    });
  }

  /** CONNECT (and TEMPORARY for tenant roles, which may need temporary tables). */
  async grantDatabaseAccess(database: string, role: string, temporary: boolean): Promise<void> {
    const privileges = temporary ? 'CONNECT, TEMPORARY' : 'CONNECT';
    await this.catalog(() =>
      this.run(
        `database "${database}"`,
        `GRANT ${privileges} ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)}`,
      ),
    );
  }

  /** SCHEMA mode: the tenant's schema, owned by its role, in the shared database. */
  async createTenantSchema(database: string, schema: string, owner: string): Promise<void> {
    await this.run(
      `schema "${schema}" in database "${database}"`,
      `CREATE SCHEMA ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(owner)}`,
      [],
      database,
    );
  }

  /**
   * Idempotent; CASCADE removes the tenant's tables with it. Sessions in the middle of a
   * transaction on the schema (a shared pool's connection switched to the tenant's role) would
   * block the drop, so they are ended first, as `DROP DATABASE ... WITH (FORCE)` does in
   * DATABASE mode; a few attempts cover work that starts again in between.
   */
  async dropSchema(database: string, schema: string): Promise<void> {
    if (!(await this.databaseExists(database))) return;
    const what = `schema "${schema}" in database "${database}"`;
    for (let attempt = 1; ; attempt += 1) {
      await this.run(what, TERMINATE_SCHEMA_USERS, [schema], database);
      try {
        await (
          await this.client(database)
        ).query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
        return;
      } catch (error) {
        if (pgCode(error) !== LOCK_NOT_AVAILABLE || attempt >= DROP_ATTEMPTS)
          translate(error, what);
      }
    }
  }

  /**
   * Ends the other sessions using a tenant's data: every session of its database (DATABASE
   * mode), or those holding locks in its schema (SCHEMA mode; other tenants' work goes on).
   */
  async endSessionsOn(database: string, schema: string | null): Promise<void> {
    if (!(await this.databaseExists(database))) return;
    if (schema) {
      await this.run(
        `schema "${schema}" in database "${database}"`,
        TERMINATE_SCHEMA_USERS,
        [schema],
        database,
      );
      return;
    }
    await this.run(
      `database "${database}"`,
      'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
  }

  /** A new password for an existing login (credential rotation). */
  async setRolePassword(role: string, password: string): Promise<void> {
    await this.catalog(() =>
      this.run(
        `role "${role}"`,
        `ALTER ROLE ${quoteIdent(role)} WITH PASSWORD ${passwordLiteral(password)}`,
      ),
    );
  }

  /** Takes back what SCHEMA mode gave a tenant role on the shared database and its gateway. */
  async revokeSharedAccess(database: string, role: string, gateway: string | null): Promise<void> {
    await this.catalog(async () => {
      if (gateway && (await this.roleExists(gateway)))
        await this.run(`role "${role}"`, `REVOKE ${quoteIdent(role)} FROM ${quoteIdent(gateway)}`);
      if (await this.databaseExists(database))
        await this.run(
          `database "${database}"`,
          `REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM ${quoteIdent(role)}`,
        );
    });
  }

  /** Lets `member` (a gateway) `SET ROLE` to `role`. */
  async grantRole(role: string, member: string): Promise<void> {
    await this.catalog(() =>
      this.run(`role "${role}"`, `GRANT ${quoteIdent(role)} TO ${quoteIdent(member)}`),
    );
  }

  /**
   * `CREATE DATABASE ... OWNER r` and `CREATE SCHEMA ... AUTHORIZATION r` need the admin to be
   * able to act as r. A superuser always can; a CREATEROLE admin is made a member of r.
   */
  private async letAdminActAs(role: string): Promise<void> {
    this.superuser ??= this.run(
      'the admin role',
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    ).then((result) => Boolean(result.rows[0]?.rolsuper));
    if (await this.superuser) return;
    await this.catalog(() =>
      this.run(`role "${role}"`, `GRANT ${quoteIdent(role)} TO CURRENT_USER`),
    );
  }
}

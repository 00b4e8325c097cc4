import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { SERVICES, type IsolationMode, type ServiceName } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { quoteIdent } from '@finplat/tenancy';
import { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { TenantEventsPublisher } from '../events/tenant-events.publisher';
import { TenantLocks } from '../lifecycle/tenant-locks';
import { type PostgresAdmin, TERMINATE_SCHEMA_USERS } from '../provisioning/postgres-admin';
import { provisioningNames as names } from '../provisioning/provisioning-names';
import {
  ProvisioningService,
  RABBITMQ_PROVISIONED,
  READ_ONLY_READER,
  SERVICE_PROVISIONED,
} from '../provisioning/provisioning.service';
import { randomPassword } from '../provisioning/secrets';
import {
  alreadyDatabase,
  backupNotFound,
  dataOperationRefused,
  provisioningConflict,
  provisioningUnavailable,
  tenantMoving,
} from '../tenant-manager.errors';
import { TenantRabbitmqEntity } from '../tenants/tenant-rabbitmq.entity';
import { TenantReadOnlyLoginEntity } from '../tenants/tenant-read-only-login.entity';
import { TenantServiceEntity } from '../tenants/tenant-service.entity';
import { requireTenantExists } from '../tenants/tenant.repository';
import {
  aclSql,
  copyColumns,
  copyTable,
  countRows,
  createTableSql,
  DETERMINISTIC_SESSION,
  exportTable,
  foreignKeyOrder,
  foreignKeySql,
  functionObject,
  functionSql,
  importTable,
  readRoutines,
  readSchema,
  summarize,
  syncIdentities,
  tableObject,
  type TableDef,
  triggerBypassSql,
  triggerSql,
} from './table-copier';

/** Association status while its data is being moved: the connections route answers 503. */
export const ASSOCIATION_MOVING = 'migrating';

/** A backup is held in memory and in one bytea per table: keep it well under 1 GB. */
export const BACKUP_MAX_BYTES = 256 * 1024 * 1024;

/** How long to wait for the tenant's in-flight transactions before ending them. */
const LOCK_WAIT = '10s';
const LOCK_ATTEMPTS = 3;
const LOCK_NOT_AVAILABLE = '55P03';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An association as the admin API shows it after a data operation (never a password). */
export interface AssociationResponse {
  tenantId: string;
  service: ServiceName;
  isolationMode: IsolationMode;
  host: string;
  port: number;
  database: string;
  schema?: string;
  username: string;
  status: string;
}

export interface PromotionResponse extends AssociationResponse {
  tables: Record<string, number>;
}

export interface BackupResponse {
  backupId: string;
  createdAt: string;
  tables: Record<string, number>;
}

/** A tenant's RabbitMQ user after a rotation (never the password). */
export interface RabbitCredentialsResponse {
  tenantId: string;
  vhost: string;
  username: string;
  rotatedAt: string;
}

export interface RestoreResponse extends BackupResponse {
  tenantId: string;
  service: ServiceName;
  restoredAt: string;
}

const toAssociation = (a: TenantServiceEntity): AssociationResponse => ({
  tenantId: a.tenantId,
  service: a.service,
  isolationMode: a.isolationMode,
  host: a.host,
  port: a.port,
  database: a.database,
  ...(a.schema ? { schema: a.schema } : {}),
  username: a.username,
  status: a.status,
});

const pgCode = (error: unknown) => (error as { code?: string } | null)?.code;

/** The schema holding a tenant's tables for one association. */
const dataSchema = (a: Pick<TenantServiceEntity, 'schema'>) => a.schema ?? 'public';

/**
 * Moves, backs up, restores and re-keys one tenant's data for one service. All of it works on
 * the tenant's own schema or database through the admin of the server it lives on; nothing
 * here reads or locks another tenant's objects.
 */
@Injectable()
export class TenantDataService {
  private readonly logger = new Logger(TenantDataService.name);

  constructor(
    private readonly controlPlane: DataSource,
    private readonly provisioning: ProvisioningService,
    private readonly events: TenantEventsPublisher,
    private readonly locks: TenantLocks,
  ) {}

  /**
   * Runs a data operation under the tenant's lifecycle lock (decision 0040), the one creation,
   * deletion and the reconciler take: a DELETE arriving during a promotion waits for it (or
   * gets 409 TM-0017 after the lock wait) instead of dropping objects the copy is using, and
   * an operation arriving during a deletion finds the tenant gone (404) once it gets the lock.
   */
  private async locked<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const lock = await this.locks.acquire(tenantId);
    try {
      return await work();
    } finally {
      await lock.release();
    }
  }

  /**
   * SCHEMA → DATABASE. The association is marked `migrating` (services get 503 + Retry-After
   * and drop cached settings on the event), the tenant's tables are locked against writes
   * (in-flight transactions finish or are ended), copied with COPY streams into a new database
   * owned by the tenant's role, verified (row count and checksum per table), the association
   * is flipped, and the old schema is dropped in the same session that held the locks, so no
   * write can land in it after the copy.
   */
  promote(tenantId: string, service: ServiceName): Promise<PromotionResponse> {
    return this.locked(tenantId, () => this.promoteLocked(tenantId, service));
  }

  private async promoteLocked(tenantId: string, service: ServiceName): Promise<PromotionResponse> {
    let admin: PostgresAdmin | undefined;
    const association = await this.claim(tenantId, service, (a) => {
      if (a.isolationMode === 'DATABASE') throw alreadyDatabase(tenantId, service);
      admin = this.provisioning.adminFor(a); // a server no target serves: refused before the claim
    });
    if (!admin) throw provisioningUnavailable(`no provisioning target for ${tenantId}`);
    await this.events.publish('tenant.placement.changed', tenantId, service);
    const schema = association.schema as string;
    const database = names.tenantDatabase(service, tenantId);
    const role = association.username;
    let created = false;
    let source: Client | undefined;
    let target: Client | undefined;
    try {
      source = await this.connect(admin, association.database);
      await admin.session(async (pg) => {
        if (await pg.databaseExists(database)) throw provisioningConflict(`database "${database}"`);
        await pg.createTenantDatabase(database, role);
        created = true;
      });
      await this.lockTables(source, schema, 'SHARE');
      const tables = await readSchema(source, schema);
      const routines = await readRoutines(source, schema);

      target = await this.connect(admin, database);
      await target.query('BEGIN');
      // Objects belong to the tenant's role, as if its own migrations had created them.
      await target.query(`SET LOCAL ROLE ${quoteIdent(role)}`);
      await target.query(`SET LOCAL search_path = public`);
      // Function bodies may name tables and each other: checked when called, as pg_dump does.
      await target.query(`SET LOCAL check_function_bodies = false`);
      const counts: Record<string, number> = {};
      for (const table of tables) await target.query(createTableSql('public', table));
      // Functions may take a table's row type; tables' defaults use built-ins only.
      for (const fn of routines.functions) await target.query(functionSql(schema, 'public', fn));
      for (const table of tables) {
        await copyTable(source, schema, target, 'public', table);
        await syncIdentities(source, schema, target, 'public', table);
      }
      for (const table of tables) for (const sql of table.indexes) await target.query(sql);
      for (const table of tables)
        for (const sql of foreignKeySql('public', table)) await target.query(sql);
      // Triggers only now: the copied rows are what they were (an audit chain is not re-chained).
      for (const trigger of routines.triggers)
        for (const sql of triggerSql('public', trigger)) await target.query(sql);
      for (const table of tables) {
        const before = await summarize(source, schema, table.name);
        const after = await summarize(target, 'public', table.name);
        if (before.rows !== after.rows || before.checksum !== after.checksum) {
          throw provisioningUnavailable(
            `copy of table "${table.name}" does not match (${before.rows} rows ${before.checksum} vs ${after.rows} rows ${after.checksum})`,
          );
        }
        counts[table.name] = after.rows;
      }
      // Privileges last, after the checksums read every table: an append-only table's owner
      // has revoked its own UPDATE, DELETE and TRUNCATE, and keeps them revoked.
      for (const table of tables)
        for (const sql of aclSql(tableObject('public', table.name), table.acl))
          await target.query(sql);
      for (const fn of routines.functions)
        for (const sql of aclSql(functionObject('public', fn), fn.acl)) await target.query(sql);
      await target.query('COMMIT');

      const flipped = await this.controlPlane.transaction(async (manager) => {
        await manager.update(
          TenantServiceEntity,
          { tenantId, service },
          { isolationMode: 'DATABASE', database, schema: null, status: SERVICE_PROVISIONED },
        );
        return manager.findOneByOrFail(TenantServiceEntity, { tenantId, service });
      });
      created = false; // the new database is the tenant's now

      await this.dropOldSchema(source, schema);
      const gateway = await this.provisioning.gatewayFor(
        service,
        association.database,
        association,
      );
      await admin
        .session((pg) =>
          pg.revokeSharedAccess(association.database, role, gateway?.username ?? null),
        )
        .catch((error: Error) =>
          this.logger.warn(`tenant ${tenantId}: could not revoke shared access: ${error.message}`),
        );
      await this.events.publish('tenant.placement.changed', tenantId, service);
      await this.followReadOnly(flipped, association);
      this.logger.log(
        `tenant ${tenantId}: ${service} promoted from schema "${schema}" to database "${database}"`,
      );
      return { ...toAssociation(flipped), tables: counts };
    } catch (error) {
      this.logger.warn(`tenant ${tenantId}: promotion failed: ${(error as Error).message}`);
      await target?.query('ROLLBACK').catch(() => undefined);
      await source?.query('ROLLBACK').catch(() => undefined);
      if (created) {
        await (admin as PostgresAdmin)
          .session((pg) => pg.dropDatabase(database))
          .catch((e: Error) => this.logger.error(`could not drop "${database}": ${e.message}`));
      }
      await this.release(tenantId, service);
      await this.events.publish('tenant.placement.changed', tenantId, service);
      throw error;
    } finally {
      await target?.end().catch(() => undefined);
      await source?.end().catch(() => undefined);
    }
  }

  /** A logical backup of the tenant's tables for one service, kept in the control plane. */
  backup(tenantId: string, service: ServiceName): Promise<BackupResponse> {
    return this.locked(tenantId, () => this.backupLocked(tenantId, service));
  }

  private async backupLocked(tenantId: string, service: ServiceName): Promise<BackupResponse> {
    const association = await this.association(this.controlPlane.manager, tenantId, service);
    if (association.status === ASSOCIATION_MOVING) throw tenantMoving(tenantId, service);
    const schema = dataSchema(association);
    const client = await this.connect(
      this.provisioning.adminFor(association),
      association.database,
    );
    const backupId = randomUUID();
    const createdAt = new Date();
    try {
      // One snapshot for every table: the backup is consistent across them.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const tables = foreignKeyOrder(await readSchema(client, schema));
      const dumps: { table: TableDef; columns: string[]; data: Buffer; rows: number }[] = [];
      let size = 0;
      for (const table of tables) {
        const columns = copyColumns(table);
        const data = await exportTable(client, schema, table.name, columns);
        size += data.length;
        if (size > BACKUP_MAX_BYTES) {
          throw dataOperationRefused(
            `The tenant's ${service} data exceeds ${BACKUP_MAX_BYTES} bytes, the limit of control-plane backups; use PostgreSQL's own tools (docs/operations/backup-and-restore.md).`,
          );
        }
        dumps.push({ table, columns, data, rows: countRows(data) });
      }
      await client.query('COMMIT');
      const tableCounts = Object.fromEntries(dumps.map((d) => [d.table.name, d.rows]));
      await this.controlPlane.transaction(async (manager) => {
        await manager.query(
          'INSERT INTO tenant_backups (id, tenant_id, service, created_at, manifest) VALUES ($1, $2, $3, $4, $5)',
          [
            backupId,
            tenantId,
            service,
            createdAt,
            JSON.stringify({
              isolationMode: association.isolationMode,
              tables: tableCounts,
              bytes: size,
            }),
          ],
        );
        for (const [position, dump] of dumps.entries()) {
          await manager.query(
            'INSERT INTO tenant_backup_tables (backup_id, table_name, position, columns, row_count, data) VALUES ($1, $2, $3, $4, $5, $6)',
            [backupId, dump.table.name, position, dump.columns, dump.rows, dump.data],
          );
        }
      });
      this.logger.log(`tenant ${tenantId}: ${service} backup ${backupId} (${size} bytes)`);
      return { backupId, createdAt: createdAt.toISOString(), tables: tableCounts };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Replaces the tenant's data for one service with a backup, in one transaction on the
   * tenant's own schema or database: its tables are locked (its in-flight transactions finish
   * or are ended), emptied with one TRUNCATE naming exactly those tables (no CASCADE), and
   * reloaded in foreign-key order. The tables must be those of the backup.
   */
  restore(tenantId: string, service: ServiceName, backupId: string): Promise<RestoreResponse> {
    return this.locked(tenantId, () => this.restoreLocked(tenantId, service, backupId));
  }

  private async restoreLocked(
    tenantId: string,
    service: ServiceName,
    backupId: string,
  ): Promise<RestoreResponse> {
    const association = await this.association(this.controlPlane.manager, tenantId, service);
    if (!UUID.test(backupId)) throw backupNotFound(backupId);
    const [backup] = await this.controlPlane.query<{ created_at: Date }[]>(
      'SELECT created_at FROM tenant_backups WHERE id = $1 AND tenant_id = $2 AND service = $3',
      [backupId, tenantId, service],
    );
    if (!backup) throw backupNotFound(backupId);
    if (association.status === ASSOCIATION_MOVING) throw tenantMoving(tenantId, service);
    const stored = await this.controlPlane.query<
      { table_name: string; columns: string[]; row_count: string; data: Buffer }[]
    >(
      'SELECT table_name, columns, row_count, data FROM tenant_backup_tables WHERE backup_id = $1 ORDER BY position',
      [backupId],
    );
    const schema = dataSchema(association);
    const client = await this.connect(
      this.provisioning.adminFor(association),
      association.database,
    );
    try {
      await this.lockTables(client, schema, 'ACCESS EXCLUSIVE');
      const tables = await readSchema(client, schema);
      const current = tables.map((t) => t.name).sort();
      const wanted = stored.map((t) => t.table_name).sort();
      if (current.join('\n') !== wanted.join('\n')) {
        throw dataOperationRefused(
          `The tenant's tables (${current.join(', ')}) are not those of backup ${backupId} (${wanted.join(', ')}); restore needs the same structure.`,
        );
      }
      const byName = new Map(stored.map((t) => [t.table_name, t]));
      // Triggers would refuse the TRUNCATE of an append-only table and re-chain the rows put
      // back; they are off only inside this transaction, which holds the tables exclusively.
      const bypass = triggerBypassSql(schema, (await readRoutines(client, schema)).triggers);
      for (const sql of bypass.disable) await client.query(sql);
      if (tables.length) {
        await client.query(
          `TRUNCATE ${tables.map((t) => `${quoteIdent(schema)}.${quoteIdent(t.name)}`).join(', ')}`,
        );
      }
      const counts: Record<string, number> = {};
      for (const table of foreignKeyOrder(tables)) {
        const dump = byName.get(table.name) as (typeof stored)[number];
        await importTable(client, schema, table.name, dump.columns, dump.data);
        await syncIdentities(null, schema, client, schema, table);
        const { rows } = await summarize(client, schema, table.name);
        if (rows !== Number(dump.row_count))
          throw provisioningUnavailable(
            `restore of "${table.name}" loaded ${rows} rows, expected ${dump.row_count}`,
          );
        counts[table.name] = rows;
      }
      for (const sql of bypass.restore) await client.query(sql);
      await client.query('COMMIT');
      await this.events.publish('tenant.placement.changed', tenantId, service);
      this.logger.log(`tenant ${tenantId}: ${service} restored from backup ${backupId}`);
      return {
        tenantId,
        service,
        backupId,
        createdAt: backup.created_at.toISOString(),
        restoredAt: new Date().toISOString(),
        tables: counts,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * A new password for the tenant's role: set in PostgreSQL and recorded while the association
   * row is locked, then announced. Open sessions keep working; new ones need the new password.
   */
  rotateCredentials(tenantId: string, service: ServiceName): Promise<AssociationResponse> {
    return this.locked(tenantId, () => this.rotateCredentialsLocked(tenantId, service));
  }

  private async rotateCredentialsLocked(
    tenantId: string,
    service: ServiceName,
  ): Promise<AssociationResponse> {
    const association = await this.controlPlane.transaction(async (manager) => {
      const current = await this.association(manager, tenantId, service, { lock: true });
      const password = randomPassword();
      await this.provisioning
        .adminFor(current)
        .session((pg) => pg.setRolePassword(current.username, password));
      await manager.update(TenantServiceEntity, { tenantId, service }, { password });
      if (service === READ_ONLY_READER) await this.rotateReadOnly(manager, tenantId);
      return current;
    });
    await this.events.publish('tenant.credentials.rotated', tenantId, service);
    this.logger.log(`tenant ${tenantId}: ${service} credentials rotated`);
    return toAssociation(association);
  }

  /**
   * A new password for the tenant's RabbitMQ user (one per tenant, shared by its services): set
   * on the broker and recorded while the tenant's RabbitMQ row is locked, then announced to
   * every service, which fetch it and reconnect. Refused (TM-0016) when the tenant has no vhost.
   */
  rotateRabbitCredentials(tenantId: string): Promise<RabbitCredentialsResponse> {
    return this.locked(tenantId, () => this.rotateRabbitCredentialsLocked(tenantId));
  }

  private async rotateRabbitCredentialsLocked(
    tenantId: string,
  ): Promise<RabbitCredentialsResponse> {
    const rabbitmq = await this.controlPlane.transaction(async (manager) => {
      await requireTenantExists(manager, tenantId);
      const row = await manager.findOne(TenantRabbitmqEntity, {
        where: { tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.status !== RABBITMQ_PROVISIONED) {
        throw dataOperationRefused(
          `tenant ${tenantId} has no RabbitMQ vhost (${row?.status ?? 'not provisioned'})`,
        );
      }
      const password = randomPassword();
      await this.provisioning.setRabbitPassword(row.username, password);
      const updatedAt = new Date();
      await manager.update(TenantRabbitmqEntity, { tenantId }, { password, updatedAt });
      return { ...row, updatedAt };
    });
    for (const service of SERVICES) {
      await this.events.publish('tenant.credentials.rotated', tenantId, service);
    }
    this.logger.log(`tenant ${tenantId}: RabbitMQ credentials rotated`);
    return {
      tenantId,
      vhost: rabbitmq.vhost,
      username: rabbitmq.username,
      rotatedAt: rabbitmq.updatedAt.toISOString(),
    };
  }

  /**
   * After a promotion: the read-only login on that service's data (decision 0033) follows it
   * into the new database, keeps its password, loses its access to the shared one, and its
   * reader is told to fetch its connections again. A failure is logged (the reconciler reports
   * the login as pointing elsewhere) rather than failing a promotion that already happened.
   */
  private async followReadOnly(
    promoted: TenantServiceEntity,
    previous: TenantServiceEntity,
  ): Promise<void> {
    const { tenantId, service } = promoted;
    const login = await this.controlPlane.manager.findOneBy(TenantReadOnlyLoginEntity, {
      tenantId,
      service,
    });
    if (!login) return;
    try {
      await this.provisioning.moveReadOnly(login, promoted, previous);
      await this.controlPlane.manager.update(
        TenantReadOnlyLoginEntity,
        { tenantId, service },
        { isolationMode: promoted.isolationMode, database: promoted.database, schema: null },
      );
    } catch (error) {
      this.logger.error(
        `tenant ${tenantId}: read-only login "${login.username}" could not follow the ${service} promotion: ${(error as Error).message}`,
      );
    }
    await this.events.publish('tenant.placement.changed', tenantId, READ_ONLY_READER);
  }

  /** The tenant's read-only logins are its reader's credentials too: rotated with them. */
  private async rotateReadOnly(manager: EntityManager, tenantId: string): Promise<void> {
    const logins = await manager.find(TenantReadOnlyLoginEntity, {
      where: { tenantId },
      lock: { mode: 'pessimistic_write' },
    });
    for (const login of logins) {
      const password = randomPassword();
      await this.provisioning.setReadOnlyPassword(login, password);
      await manager.update(
        TenantReadOnlyLoginEntity,
        { tenantId, service: login.service },
        { password },
      );
    }
  }

  /** The tenant's association with a service; `lock` holds it until the transaction ends. */
  private async association(
    manager: EntityManager,
    tenantId: string,
    service: ServiceName,
    options: { lock?: boolean } = {},
  ): Promise<TenantServiceEntity> {
    await requireTenantExists(manager, tenantId);
    const association = await manager.findOne(TenantServiceEntity, {
      where: { tenantId, service },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!association) throw noAssociation(tenantId, service);
    return association;
  }

  /** Marks the association `migrating` after `check`; a second concurrent move gets 409. */
  private claim(
    tenantId: string,
    service: ServiceName,
    check: (a: TenantServiceEntity) => void,
  ): Promise<TenantServiceEntity> {
    return this.controlPlane.transaction(async (manager) => {
      const association = await this.association(manager, tenantId, service, { lock: true });
      check(association);
      if (association.status === ASSOCIATION_MOVING)
        throw dataOperationRefused(`Tenant "${tenantId}" ${service} data is already being moved.`);
      await manager.update(
        TenantServiceEntity,
        { tenantId, service },
        { status: ASSOCIATION_MOVING },
      );
      return association;
    });
  }

  private async release(tenantId: string, service: ServiceName): Promise<void> {
    await this.controlPlane.manager
      .update(
        TenantServiceEntity,
        { tenantId, service, status: ASSOCIATION_MOVING },
        { status: SERVICE_PROVISIONED },
      )
      .catch((error: Error) =>
        this.logger.error(`tenant ${tenantId}: could not release ${service}: ${error.message}`),
      );
  }

  private async connect(admin: PostgresAdmin, database: string): Promise<Client> {
    const client = new Client({
      ...admin.clientConfig(admin.urlFor(database)),
      application_name: 'tenant-manager-data',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(DETERMINISTIC_SESSION);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw provisioningUnavailable(
        `PostgreSQL (database "${database}"): ${(error as Error).message}`,
      );
    }
    return client;
  }

  /**
   * Opens a transaction holding `mode` on every table of the schema. Transactions of the
   * tenant already running are waited for; past LOCK_WAIT the sessions holding locks in this
   * schema (the tenant's own work only) are ended and the lock is tried again.
   */
  private async lockTables(client: Client, schema: string, mode: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
      const { rows } = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
        [schema],
      );
      if (!rows.length) return;
      try {
        await client.query(
          `LOCK TABLE ${rows.map((r) => `${quoteIdent(schema)}.${quoteIdent(r.name)}`).join(', ')} IN ${mode} MODE`,
        );
        return;
      } catch (error) {
        await client.query('ROLLBACK');
        if (pgCode(error) !== LOCK_NOT_AVAILABLE || attempt >= LOCK_ATTEMPTS)
          throw provisioningUnavailable(
            `could not lock the tenant's tables: ${(error as Error).message}`,
          );
        this.logger.warn(`schema "${schema}": ending sessions that hold its tables`);
        await client.query(TERMINATE_SCHEMA_USERS, [schema]);
      }
    }
  }

  /**
   * Drops the promoted schema in the transaction that locked it, then commits. Sessions still
   * waiting on its tables are ended first (their writes belong to the old placement and are
   * refused, never applied); they would otherwise deadlock with the drop.
   */
  private async dropOldSchema(source: Client, schema: string): Promise<void> {
    try {
      await source.query(TERMINATE_SCHEMA_USERS, [schema]);
      await source.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
      await source.query('COMMIT');
    } catch (error) {
      await source.query('ROLLBACK').catch(() => undefined);
      this.logger.error(
        `schema "${schema}" could not be dropped after promotion (${(error as Error).message}); drop it by hand`,
      );
    }
  }
}

const noAssociation = (tenantId: string, service: ServiceName) =>
  new DomainError(
    PlatformErrors.ENTITY_NOT_FOUND,
    `Tenant "${tenantId}" has no ${service} association.`,
    { entityType: 'TenantAssociation' },
  );

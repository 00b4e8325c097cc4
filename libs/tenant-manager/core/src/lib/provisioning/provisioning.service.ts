import { Inject, Injectable, Logger } from '@nestjs/common';
import { type IsolationMode, SERVICES, type ServiceName } from '@finplat/contracts';
import { DataSource } from 'typeorm';
import {
  provisioningConflict,
  provisioningUnavailable,
  unknownPlacementTarget,
} from '../tenant-manager.errors';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import { type PgAdminSession, PostgresAdmin } from './postgres-admin';
import { provisioningNames as names } from './provisioning-names';
import { RabbitManagementClient, RabbitUnreachableError } from './rabbitmq-management.client';
import { SchemaGatewayEntity } from './schema-gateway.entity';
import { randomPassword } from './secrets';
import { UndoStack } from './undo-stack';

export const SERVICE_PROVISIONED = 'provisioned';
export const RABBITMQ_PROVISIONED = 'provisioned';

/** Where one tenant was placed for one service, with its credentials. */
export interface PostgresPlacement {
  service: ServiceName;
  isolationMode: IsolationMode;
  host: string;
  port: number;
  database: string;
  schema: string | null;
  username: string;
  password: string;
}

export interface RabbitPlacement {
  vhost: string;
  username: string;
  password: string | null;
  /** `provisioned`, or `skipped: <reason>`. */
  status: string;
}

export interface ProvisionedTenant {
  postgres: PostgresPlacement[];
  rabbitmq: RabbitPlacement;
  /** Takes back everything this run created (when the caller cannot record it). */
  rollback(): Promise<void>;
}

/** What deprovisioning needs to know about a tenant (read from the control plane). */
export interface TenantPlacement {
  tenantId: string;
  postgres: (Pick<
    PostgresPlacement,
    'service' | 'isolationMode' | 'database' | 'schema' | 'username'
  > &
    Partial<Pick<PostgresPlacement, 'host' | 'port'>>)[];
  rabbitmq: Pick<RabbitPlacement, 'vhost' | 'username' | 'status'> | null;
}

/** Which provisioning target (PROVISION_PG_TARGETS name) each service goes to. */
export type PlacementChoice = Partial<Record<ServiceName, string>>;

export const DEFAULT_TARGET = 'default';

/**
 * Creates and removes the physical side of a tenant: PostgreSQL roles, databases and schemas,
 * and the RabbitMQ vhost. A failure part-way takes back what this run created and reports the
 * error; objects that already existed are never touched (they are a conflict, not ours).
 *
 * Services' own migrations are not run here: each app applies its migrations to a tenant's
 * database or schema on first use (libs/tenancy TenantMigrator), under an advisory lock.
 */
@Injectable()
export class ProvisioningService {
  private readonly logger = new Logger(ProvisioningService.name);
  /** The default target's server (PROVISION_PG_ADMIN_URL). */
  readonly postgres: PostgresAdmin;
  /** Every server tenants may be placed on, by target name. */
  readonly targets: ReadonlyMap<string, PostgresAdmin>;
  private readonly rabbit?: RabbitManagementClient;

  constructor(
    @Inject(TENANT_MANAGER_OPTIONS) private readonly options: TenantManagerOptions,
    private readonly controlPlane: DataSource,
  ) {
    const targets = new Map<string, PostgresAdmin>();
    for (const [name, url] of Object.entries(options.provisionPgTargets ?? {}))
      targets.set(name, new PostgresAdmin(url));
    if (!targets.has(DEFAULT_TARGET))
      targets.set(DEFAULT_TARGET, new PostgresAdmin(options.provisionPgAdminUrl));
    this.targets = targets;
    this.postgres = targets.get(DEFAULT_TARGET) as PostgresAdmin;
    if (options.rabbitmqManagementUrl)
      this.rabbit = new RabbitManagementClient(options.rabbitmqManagementUrl);
  }

  /** Checks a placement choice against the configured targets (400 on an unknown name). */
  assertPlacement(placement: PlacementChoice): void {
    for (const target of Object.values(placement)) {
      if (target !== undefined && !this.targets.has(target))
        throw unknownPlacementTarget(target, [...this.targets.keys()]);
    }
  }

  /** The admin of the server an association lives on (matched by host and port). */
  adminFor(server: { host?: string; port?: number }): PostgresAdmin {
    if (server.host === undefined) return this.postgres;
    for (const admin of this.targets.values()) {
      if (admin.server.host === server.host && admin.server.port === server.port) return admin;
    }
    throw provisioningUnavailable(
      `no provisioning target serves ${server.host}:${server.port} (PROVISION_PG_TARGETS)`,
    );
  }

  async provision(
    tenantId: string,
    isolation: Record<ServiceName, IsolationMode>,
    placement: PlacementChoice = {},
  ): Promise<ProvisionedTenant> {
    this.assertPlacement(placement);
    const undo = new UndoStack<void>();
    const rollback = async () => {
      const leftBehind = await undo.unwind(undefined, this.logger);
      if (leftBehind.length) {
        this.logger.error(`tenant ${tenantId}: rollback left behind ${leftBehind.join(', ')}`);
      }
    };
    try {
      const rabbitmq = await this.provisionRabbit(tenantId, undo);
      const postgres: PostgresPlacement[] = [];
      for (const service of SERVICES) {
        const admin = this.targets.get(placement[service] ?? DEFAULT_TARGET) as PostgresAdmin;
        postgres.push(
          await admin.session((pg) =>
            isolation[service] === 'DATABASE'
              ? this.provisionDatabase(admin, pg, service, tenantId, undo)
              : this.provisionSchema(admin, pg, service, tenantId, undo),
          ),
        );
      }
      this.logger.log(
        `tenant ${tenantId}: provisioned ${postgres.map((p) => `${p.service}=${p.isolationMode}`).join(', ')}, rabbitmq ${rabbitmq.status}`,
      );
      return { postgres, rabbitmq, rollback };
    } catch (error) {
      this.logger.warn(
        `tenant ${tenantId}: provisioning failed (${(error as Error).message}); rolling back`,
      );
      await rollback();
      throw error;
    }
  }

  /**
   * Removes everything a tenant has. Idempotent, so a retry after a partial failure finishes
   * the job. RabbitMQ goes first: if the broker cannot be reached, nothing has been dropped yet.
   */
  async deprovision(tenant: TenantPlacement): Promise<void> {
    const rabbitmq = tenant.rabbitmq;
    if (rabbitmq && rabbitmq.status === RABBITMQ_PROVISIONED) {
      const rabbit = this.rabbit;
      if (!rabbit) {
        throw provisioningUnavailable(
          `tenant ${tenant.tenantId} has RabbitMQ vhost "${rabbitmq.vhost}" but RABBITMQ_MANAGEMENT_URL is off`,
        );
      }
      await this.rabbitCall(() => rabbit.deleteVhost(rabbitmq.vhost));
      await this.rabbitCall(() => rabbit.deleteUser(rabbitmq.username));
    }
    for (const placement of tenant.postgres) {
      await this.adminFor(placement).session(async (pg) => {
        if (placement.isolationMode === 'DATABASE') {
          await pg.dropDatabase(placement.database);
          await pg.dropRole(placement.username);
        } else {
          if (placement.schema) await pg.dropSchema(placement.database, placement.schema);
          await pg.dropRole(placement.username, [placement.database]);
        }
      });
    }
    this.logger.log(`tenant ${tenant.tenantId}: deprovisioned`);
  }

  /** The SCHEMA-mode gateway login of a service on this server, if one was created. */
  gatewayFor(
    service: ServiceName,
    database: string,
    server: { host: string; port: number } = this.postgres.server,
  ): Promise<SchemaGatewayEntity | null> {
    const { host, port } = server;
    return this.controlPlane
      .getRepository(SchemaGatewayEntity)
      .findOneBy({ service, host, port, database });
  }

  private async provisionDatabase(
    admin: PostgresAdmin,
    pg: PgAdminSession,
    service: ServiceName,
    tenantId: string,
    undo: UndoStack<void>,
  ): Promise<PostgresPlacement> {
    const role = names.tenantRole(service, tenantId);
    const database = names.tenantDatabase(service, tenantId);
    const password = randomPassword();
    await pg.createTenantRole(role, password);
    undo.push(`role "${role}"`, () => admin.session((pg) => pg.dropRole(role)));
    await pg.createTenantDatabase(database, role);
    undo.push(`database "${database}"`, () => admin.session((pg) => pg.dropDatabase(database)));
    return this.placement(admin, service, 'DATABASE', database, null, role, password);
  }

  private async provisionSchema(
    admin: PostgresAdmin,
    pg: PgAdminSession,
    service: ServiceName,
    tenantId: string,
    undo: UndoStack<void>,
  ): Promise<PostgresPlacement> {
    const database = names.sharedDatabase(service);
    const schema = names.tenantSchema(tenantId);
    const role = names.tenantRole(service, tenantId);
    // Shared infrastructure (the database and its gateway) is kept even on rollback.
    const gateway = await this.ensureGateway(admin, pg, service, database);
    const password = randomPassword();
    await pg.createTenantRole(role, password);
    undo.push(`role "${role}"`, () => admin.session((pg) => pg.dropRole(role, [database])));
    await pg.grantDatabaseAccess(database, role, true);
    await pg.createTenantSchema(database, schema, role);
    undo.push(`schema "${schema}" in "${database}"`, () =>
      admin.session((pg) => pg.dropSchema(database, schema)),
    );
    await pg.grantRole(role, gateway.username);
    return this.placement(admin, service, 'SCHEMA', database, schema, role, password);
  }

  /**
   * The shared database of a service and its gateway login, created once per server. The
   * control-plane advisory lock makes concurrent first tenants (across instances) agree on one
   * password; a gateway role found without a control-plane record gets a fresh password.
   */
  private ensureGateway(
    admin: PostgresAdmin,
    pg: PgAdminSession,
    service: ServiceName,
    database: string,
  ): Promise<SchemaGatewayEntity> {
    const { host, port } = admin.server;
    const username = names.gatewayRole(service);
    return this.controlPlane.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `tenant-manager:gateway:${service}@${host}:${port}/${database}`,
      ]);
      await pg.ensureSharedDatabase(database);
      const repository = manager.getRepository(SchemaGatewayEntity);
      let gateway = await repository.findOneBy({ service, host, port, database });
      if (!gateway || gateway.username !== username || !(await pg.roleExists(gateway.username))) {
        const password = randomPassword();
        await pg.upsertGatewayRole(username, password);
        gateway = repository.create({
          service,
          host,
          port,
          database,
          username,
          password,
          createdAt: new Date(),
        });
        await repository.save(gateway);
        this.logger.log(`gateway login "${username}" ready for ${service} on ${database}`);
      }
      await pg.grantDatabaseAccess(database, gateway.username, false);
      return gateway;
    });
  }

  private async provisionRabbit(tenantId: string, undo: UndoStack<void>): Promise<RabbitPlacement> {
    const vhost = names.rabbitVhost(tenantId);
    const username = names.rabbitUser(tenantId);
    const skipped = (reason: string): RabbitPlacement => {
      this.logger.warn(`tenant ${tenantId}: RabbitMQ vhost not provisioned: ${reason}`);
      return { vhost, username, password: null, status: `skipped: ${reason}` };
    };
    if (!this.rabbit) return skipped('RABBITMQ_MANAGEMENT_URL is off');
    const rabbit = this.rabbit;
    try {
      // Refuse to adopt objects that exist already: deleting the tenant later would remove them.
      if (await rabbit.vhostExists(vhost)) throw provisioningConflict(`RabbitMQ vhost "${vhost}"`);
      if (await rabbit.userExists(username))
        throw provisioningConflict(`RabbitMQ user "${username}"`);
      const password = randomPassword();
      await rabbit.createVhost(vhost, `tenant ${tenantId}`);
      undo.push(`RabbitMQ vhost "${vhost}"`, () =>
        this.rabbitCall(() => rabbit.deleteVhost(vhost)),
      );
      await rabbit.createUser(username, password);
      undo.push(`RabbitMQ user "${username}"`, () =>
        this.rabbitCall(() => rabbit.deleteUser(username)),
      );
      await rabbit.grantFullPermissions(vhost, username);
      return { vhost, username, password, status: RABBITMQ_PROVISIONED };
    } catch (error) {
      // Unreachable before anything was created: record it as skipped rather than fail.
      if (error instanceof RabbitUnreachableError && undo.size === 0) return skipped(error.message);
      throw error instanceof RabbitUnreachableError
        ? provisioningUnavailable(error.message)
        : error;
    }
  }

  /**
   * A new password for a tenant's RabbitMQ user. Open connections keep working (the broker
   * checks passwords when a connection opens); new ones need the new password.
   */
  async setRabbitPassword(username: string, password: string): Promise<void> {
    if (!this.rabbit) throw provisioningUnavailable('RABBITMQ_MANAGEMENT_URL is off');
    const rabbit = this.rabbit;
    try {
      await rabbit.createUser(username, password);
    } catch (error) {
      throw error instanceof RabbitUnreachableError
        ? provisioningUnavailable(error.message)
        : error;
    }
  }

  private async rabbitCall(call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      throw error instanceof RabbitUnreachableError
        ? provisioningUnavailable(error.message)
        : error;
    }
  }

  private placement(
    admin: PostgresAdmin,
    service: ServiceName,
    isolationMode: IsolationMode,
    database: string,
    schema: string | null,
    username: string,
    password: string,
  ): PostgresPlacement {
    const { host, port } = admin.server;
    return { service, isolationMode, host, port, database, schema, username, password };
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { type IsolationMode, SERVICES, type ServiceName } from '@finplat/contracts';
import { DataSource } from 'typeorm';
import {
  provisioningConflict,
  provisioningUnavailable,
  tenantIdTaken,
  unknownPlacementTarget,
} from '../tenant-manager.errors';
import { DeploymentIdentity } from '../control-plane/deployment-identity';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import type { TenantSpec } from '../tenants/tenant.entity';
import { type PgAdminSession, PostgresAdmin } from './postgres-admin';
import { provisioningNames as names } from './provisioning-names';
import { RabbitManagementClient, RabbitUnreachableError } from './rabbitmq-management.client';
import { SchemaGatewayEntity } from './schema-gateway.entity';
import { randomPassword } from './secrets';

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

/**
 * What a provisioning run produced: every placement with its credentials, the vhost, and the
 * read-only logins (`service` is the service whose data a login reads).
 */
export interface ProvisioningResult {
  postgres: PostgresPlacement[];
  rabbitmq?: RabbitPlacement;
  readOnly?: PostgresPlacement[];
}

/** The service whose data reporter reads, through a read-only login per tenant (0033). */
export const READ_ONLY_SOURCE: ServiceName = 'ledger';
/** The service that is handed that login with its connections. */
export const READ_ONLY_READER: ServiceName = 'reporter';

/** An association as the control plane recorded it (no password). */
export type RecordedPlacement = Pick<
  PostgresPlacement,
  'service' | 'isolationMode' | 'host' | 'port' | 'database' | 'schema' | 'username'
>;

/**
 * A tenant as a lifecycle step sees it: what was asked for, and what a finished provisioning
 * recorded. Objects without an ownership marker (tenants provisioned before markers) are
 * removed only when the control plane recorded them.
 */
export interface LifecycleTenant {
  tenantId: string;
  spec: TenantSpec;
  recorded: {
    postgres: RecordedPlacement[];
    rabbitmq: Pick<RabbitPlacement, 'vhost' | 'username' | 'status'> | null;
  };
}

/**
 * One resumable part of a tenant's provisioning (decision 0040). `apply` creates what the step
 * owns, or finishes what an interrupted run of the same tenant began (objects carrying this
 * deployment's marker for the tenant), and adds it to the result; `remove` drops it again, only
 * what this deployment owns. Both are idempotent: a run that stopped anywhere is completed by
 * running the steps again. Steps apply in order and are removed in reverse order, so a step may
 * rely on the ones before it (e.g. a read-only role on the ledger's database after
 * `postgres:ledger`).
 */
export interface ProvisioningStep {
  /** Shown in logs, in the tenant's `lifecycle.step`, and in metrics. */
  readonly name: string;
  apply(tenant: LifecycleTenant, result: ProvisioningResult): Promise<void>;
  remove(tenant: LifecycleTenant): Promise<void>;
}

/** Which provisioning target (PROVISION_PG_TARGETS name) each service goes to. */
export type PlacementChoice = Partial<Record<ServiceName, string>>;

export const DEFAULT_TARGET = 'default';

/**
 * Creates and removes the physical side of a tenant: PostgreSQL roles, databases and schemas,
 * and the RabbitMQ vhost, as resumable steps (`steps`) that lifecycle runs execute
 * (lifecycle/tenant-lifecycle.service.ts). Objects that are not this deployment's are never
 * adopted or touched (they are a conflict, not ours).
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
    private readonly deployment: DeploymentIdentity,
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

  /**
   * The steps of a tenant's provisioning, in order: its RabbitMQ vhost, then one PostgreSQL
   * placement per service. A new step goes here (see ProvisioningStep).
   */
  get steps(): readonly ProvisioningStep[] {
    return this.lifecycleSteps;
  }

  private readonly lifecycleSteps: ProvisioningStep[] = [
    {
      name: 'rabbitmq',
      apply: (tenant, result) => this.applyRabbit(tenant, result),
      remove: (tenant) => this.removeRabbit(tenant),
    },
    ...SERVICES.map((service): ProvisioningStep => ({
      name: `postgres:${service}`,
      apply: (tenant, result) => this.applyPostgres(service, tenant, result),
      remove: (tenant) => this.removePostgres(service, tenant),
    })),
    {
      name: `postgres:${READ_ONLY_SOURCE}:read-only`,
      apply: async (tenant, result) => {
        const login = await this.applyReadOnly(tenant);
        if (login) result.readOnly = [...(result.readOnly ?? []), login];
      },
      remove: (tenant) => this.removeReadOnly(tenant),
    },
  ];

  /**
   * Everything on the provisioning servers and the broker that carries this deployment's
   * marker: each tenant role (with what it owns) and each vhost (with its user), with how to
   * remove it. The reconciler removes those of tenants the control plane no longer has.
   */
  async markedObjects(): Promise<{ tenantId: string; label: string; remove(): Promise<void> }[]> {
    const found: { tenantId: string; label: string; remove(): Promise<void> }[] = [];
    const seen = new Set<string>();
    for (const admin of this.targets.values()) {
      const server = `${admin.server.host}:${admin.server.port}`;
      if (seen.has(server)) continue;
      seen.add(server);
      const roles = await admin.session((pg) => pg.rolesMarked(this.deployment.markerPrefix));
      for (const { role, comment } of roles) {
        const tenantId = this.deployment.tenantOf(comment);
        if (!tenantId) continue;
        const service = SERVICES.find((s) => names.tenantRole(s, tenantId) === role);
        if (!service && role === names.readOnlyRole(READ_ONLY_SOURCE, tenantId)) {
          found.push({
            tenantId,
            label: `role "${role}" on ${server}`,
            remove: () => admin.session((pg) => pg.dropRole(role, readOnlyDatabases(tenantId))),
          });
          continue;
        }
        found.push({
          tenantId,
          label: `role "${role}" on ${server}`,
          remove: () =>
            admin.session(async (pg) => {
              const shared: string[] = [];
              if (service) {
                const database = names.tenantDatabase(service, tenantId);
                if ((await pg.databaseOwner(database)) === role) await pg.dropDatabase(database);
                const sharedDatabase = names.sharedDatabase(service);
                const schema = names.tenantSchema(tenantId);
                if ((await pg.schemaOwner(sharedDatabase, schema)) === role)
                  await pg.dropSchema(sharedDatabase, schema);
                shared.push(sharedDatabase);
              }
              await pg.dropRole(role, shared);
            }),
        });
      }
    }
    const rabbit = this.rabbit;
    if (rabbit) {
      let vhosts: { name: string; description: string | null }[] = [];
      try {
        vhosts = await rabbit.listVhosts();
      } catch (error) {
        if (!(error instanceof RabbitUnreachableError)) throw error;
        this.logger.warn(`orphaned vhosts not checked: ${error.message}`);
      }
      for (const { name, description } of vhosts) {
        const tenantId = this.deployment.tenantOf(description);
        if (!tenantId) continue;
        found.push({
          tenantId,
          label: `RabbitMQ vhost "${name}"`,
          remove: () =>
            this.removeRabbit({
              tenantId,
              spec: { isolation: {} as TenantSpec['isolation'], placement: {} },
              recorded: { postgres: [], rabbitmq: null },
            }),
        });
      }
    }
    return found;
  }

  /**
   * What settled tenants' records name but the servers lack: a missing role, database, schema
   * or vhost. Reported by the reconciler, never recreated (the tenant's data would be gone).
   */
  async missingObjects(
    tenants: {
      tenantId: string;
      postgres: RecordedPlacement[];
      rabbitmqVhost: string | null;
      readOnly?: RecordedPlacement[];
    }[],
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const tenant of tenants) problems.push(...(await this.readOnlyProblems(tenant)));
    const byServer = new Map<string, { tenantId: string; placement: RecordedPlacement }[]>();
    for (const tenant of tenants)
      for (const placement of tenant.postgres) {
        const key = `${placement.host}:${placement.port}`;
        byServer.set(key, [...(byServer.get(key) ?? []), { tenantId: tenant.tenantId, placement }]);
      }
    for (const [server, placements] of byServer) {
      let admin: PostgresAdmin;
      try {
        admin = this.adminFor(placements[0].placement);
      } catch (error) {
        problems.push(`cannot check ${server}: ${(error as Error).message}`);
        continue;
      }
      await admin.session(async (pg) => {
        const catalog = await pg.catalogSnapshot([
          ...new Set(placements.filter((p) => p.placement.schema).map((p) => p.placement.database)),
        ]);
        for (const { tenantId, placement } of placements) {
          const { service, database, schema, username: role } = placement;
          const where = `tenant ${tenantId} (${service}, ${server})`;
          if (!catalog.roles.has(role)) problems.push(`${where}: role "${role}" is missing`);
          if (schema) {
            if (catalog.schemas.get(database)?.get(schema) !== role)
              problems.push(
                `${where}: schema "${schema}" in "${database}" is missing or not its own`,
              );
          } else if (catalog.databases.get(database) !== role) {
            problems.push(`${where}: database "${database}" is missing or not its own`);
          }
        }
      });
    }
    const rabbit = this.rabbit;
    const expected = tenants.filter((t) => t.rabbitmqVhost);
    if (rabbit && expected.length) {
      try {
        const vhosts = new Set((await rabbit.listVhosts()).map((v) => v.name));
        for (const { tenantId, rabbitmqVhost } of expected)
          if (!vhosts.has(rabbitmqVhost as string))
            problems.push(`tenant ${tenantId}: RabbitMQ vhost "${rabbitmqVhost}" is missing`);
      } catch (error) {
        problems.push(`cannot check RabbitMQ vhosts: ${(error as Error).message}`);
      }
    }
    return problems;
  }

  /**
   * This deployment's gateway logins (decision 0042) against the servers, with a repair for
   * each difference: a recorded gateway the server lost is created again under its recorded
   * name and password (apps' pools keep working without a refetch); a lost CONNECT is granted
   * again; a settled SCHEMA tenant's role no longer granted to its gateway is granted again
   * (`tenantId` set: the reconciler repairs it under the tenant's lock); a DATABASE tenant's
   * role still granted to it (a promotion whose revoke failed) is taken back. A gateway whose
   * name carries another deployment's marker has no repair: that is a conflict to report.
   */
  async gatewayFindings(
    tenants: { tenantId: string; postgres: RecordedPlacement[] }[],
  ): Promise<{ problem: string; tenantId?: string; repair?: () => Promise<void> }[]> {
    const findings: { problem: string; tenantId?: string; repair?: () => Promise<void> }[] = [];
    const gateways = await this.controlPlane.getRepository(SchemaGatewayEntity).find({
      order: { host: 'ASC', port: 'ASC', database: 'ASC', service: 'ASC' },
    });
    for (const gateway of gateways) {
      const { service, host, port, database, username } = gateway;
      const where = `gateway "${username}" (${service}, ${host}:${port}/${database})`;
      let admin: PostgresAdmin;
      try {
        admin = this.adminFor(gateway);
      } catch (error) {
        findings.push({ problem: `cannot check ${where}: ${(error as Error).message}` });
        continue;
      }
      const onServer = (p: RecordedPlacement) =>
        p.service === service && p.host === host && p.port === port;
      const members = tenants.flatMap((t) =>
        t.postgres
          .filter((p) => onServer(p) && p.isolationMode === 'SCHEMA' && p.database === database)
          .map((p) => ({ tenantId: t.tenantId, role: p.username })),
      );
      const promoted = tenants.flatMap((t) =>
        t.postgres
          .filter((p) => onServer(p) && p.isolationMode === 'DATABASE')
          .map((p) => ({ tenantId: t.tenantId, role: p.username })),
      );
      const session = <T>(work: (pg: PgAdminSession) => Promise<T>) => admin.session(work);
      const { state, roles } = await session(async (pg) => ({
        state: await pg.gatewayState(username, database),
        roles: (await pg.catalogSnapshot([])).roles,
      }));
      if (state && this.deployment.otherDeploymentOf(state.comment) !== undefined) {
        findings.push({ problem: `${where} is marked as another deployment's (${state.comment})` });
        continue;
      }
      if (!state) {
        findings.push({
          problem: `${where} is missing`,
          repair: () => this.recreateGateway(admin, gateway),
        });
      } else if (state.canConnect === false) {
        findings.push({
          problem: `${where} may not connect to "${database}"`,
          repair: () => session((pg) => pg.grantDatabaseAccess(database, username, false)),
        });
      }
      for (const { tenantId, role } of members) {
        if (!roles.has(role) || state?.memberOf.has(role)) continue; // a missing role: missingObjects
        findings.push({
          problem: `${where} may not act as tenant ${tenantId} (role "${role}" not granted)`,
          tenantId,
          repair: () => session((pg) => pg.grantRole(role, username)),
        });
      }
      for (const { tenantId, role } of promoted) {
        if (!state?.memberOf.has(role)) continue;
        findings.push({
          problem: `${where} may still act as tenant ${tenantId}, which has its own database (role "${role}" granted)`,
          tenantId,
          repair: () => session((pg) => pg.revokeSharedAccess(database, role, username)),
        });
      }
    }
    return findings;
  }

  /**
   * A recorded gateway the server lost, created again with its recorded name and password,
   * under the same lock as `ensureGateway` (a first tenant may be creating it right now).
   */
  private recreateGateway(admin: PostgresAdmin, gateway: SchemaGatewayEntity): Promise<void> {
    const { service, host, port, database, username, password } = gateway;
    return this.controlPlane.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `tenant-manager:gateway:${service}@${host}:${port}/${database}`,
      ]);
      await admin.session(async (pg) => {
        if (await pg.roleExists(username)) return;
        await pg.upsertGatewayRole(username, password, this.deployment.gatewayMarker);
        if (await pg.databaseExists(database))
          await pg.grantDatabaseAccess(database, username, false);
      });
      this.logger.warn(`gateway login "${username}" was missing on ${host}:${port}; created again`);
    });
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

  /**
   * Whether a tenant's read-only logins can do what they are for and no more (decision 0033):
   * connect, read every table of the service's schema now and later, write nothing. A login the
   * control plane has no record of, for a tenant that should have one, is reported too.
   */
  private async readOnlyProblems(tenant: {
    tenantId: string;
    postgres: RecordedPlacement[];
    readOnly?: RecordedPlacement[];
  }): Promise<string[]> {
    const source = tenant.postgres.find((p) => p.service === READ_ONLY_SOURCE);
    const login = tenant.readOnly?.find((p) => p.service === READ_ONLY_SOURCE);
    if (!source || !tenant.postgres.some((p) => p.service === READ_ONLY_READER)) return [];
    const where = `tenant ${tenant.tenantId} (${READ_ONLY_SOURCE} read-only login)`;
    if (!login) return [`${where}: none provisioned`];
    if (login.database !== source.database || (login.schema ?? null) !== (source.schema ?? null))
      return [
        `${where}: points at ${login.database}/${login.schema ?? 'public'}, not at the ledger's placement`,
      ];
    let admin: PostgresAdmin;
    try {
      admin = this.adminFor(login);
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
    const found = await admin.session((pg) =>
      pg.readOnlyProblems(
        login.database,
        login.schema ?? 'public',
        source.username,
        login.username,
      ),
    );
    return found.map((problem) => `${where}: ${problem}`);
  }

  /**
   * The tenant's read-only login on its ledger data (decision 0033), when it has a ledger and a
   * reporter: created (or, after an interrupted run, given a new password) and granted SELECT on
   * the ledger's tables of this tenant only, now and for tables its migrations create later.
   * Also what the reconciler runs for tenants provisioned before the login existed, and what a
   * promotion runs to follow the ledger into its new database.
   */
  async applyReadOnly(tenant: LifecycleTenant): Promise<PostgresPlacement | undefined> {
    if (!tenant.spec.isolation[READ_ONLY_READER]) return undefined;
    const found = this.placementOf(READ_ONLY_SOURCE, tenant);
    if (!found) return undefined;
    const { admin, placement } = found;
    const role = names.readOnlyRole(READ_ONLY_SOURCE, tenant.tenantId);
    const password = randomPassword();
    const schema = placement.schema ?? 'public';
    await admin.session(async (pg) => {
      await pg.ensureReadOnlyRole(role, password, this.deployment.marker(tenant.tenantId));
      await pg.grantReadOnly(placement.database, schema, placement.username, role);
    });
    return { ...placement, username: role, password };
  }

  /**
   * Gives the read-only login access to where the ledger now lives (after a promotion), keeping
   * its password, and takes back its access to `previous` (the shared database it left).
   */
  async moveReadOnly(
    login: { username: string },
    placement: RecordedPlacement,
    previous: { database: string } | null,
  ): Promise<void> {
    await this.adminFor(placement).session(async (pg) => {
      await pg.grantReadOnly(
        placement.database,
        placement.schema ?? 'public',
        placement.username,
        login.username,
      );
      if (previous && previous.database !== placement.database)
        await pg.revokeSharedAccess(previous.database, login.username, null);
    });
  }

  /** A new password for a read-only login (rotated with its reader's credentials). */
  async setReadOnlyPassword(login: RecordedPlacement, password: string): Promise<void> {
    await this.adminFor(login).session((pg) => pg.setRolePassword(login.username, password));
  }

  /**
   * Drops the tenant's read-only login when it is this deployment's, wherever it was granted.
   * Revoking its grants rewrites the ACLs of the tenant's tables, which waits for the tenant's
   * own open transactions on them (e.g. a migration creating a table): those sessions are ended
   * first, as dropping the tenant's database or schema in the next step does anyway.
   */
  private async removeReadOnly(tenant: LifecycleTenant): Promise<void> {
    const { tenantId } = tenant;
    const source = this.placementOf(READ_ONLY_SOURCE, tenant);
    const admin = source?.admin ?? this.postgres;
    const role = names.readOnlyRole(READ_ONLY_SOURCE, tenantId);
    await admin.session(async (pg) => {
      const comment = await pg.roleComment(role);
      if (comment === undefined) return;
      if (comment !== this.deployment.marker(tenantId)) {
        this.logger.warn(
          `tenant ${tenantId}: role "${role}" is not this deployment's (comment ${JSON.stringify(comment)}); left in place`,
        );
        return;
      }
      if (source)
        await pg.endSessionsOn(source.placement.database, source.placement.schema ?? null);
      await pg.dropRole(role, readOnlyDatabases(tenantId));
    });
  }

  /** Where a service of a tenant lives: as recorded, else as its spec and the names say. */
  private placementOf(
    service: ServiceName,
    tenant: LifecycleTenant,
  ): { admin: PostgresAdmin; placement: RecordedPlacement; recorded: boolean } | undefined {
    const recorded = tenant.recorded.postgres.find((p) => p.service === service);
    if (recorded) return { admin: this.adminFor(recorded), placement: recorded, recorded: true };
    const mode = tenant.spec.isolation[service];
    if (!mode) return undefined;
    const admin = this.targets.get(tenant.spec.placement[service] ?? DEFAULT_TARGET);
    if (!admin)
      throw unknownPlacementTarget(tenant.spec.placement[service], [...this.targets.keys()]);
    const { tenantId } = tenant;
    const placement: RecordedPlacement = {
      service,
      isolationMode: mode,
      ...admin.server,
      database:
        mode === 'DATABASE'
          ? names.tenantDatabase(service, tenantId)
          : names.sharedDatabase(service),
      schema: mode === 'SCHEMA' ? names.tenantSchema(tenantId) : null,
      username: names.tenantRole(service, tenantId),
    };
    return { admin, placement, recorded: false };
  }

  /**
   * DATABASE: the tenant's role, then its database owned by that role. SCHEMA: the shared
   * database and gateway, the tenant's role, its schema owned by the role, the gateway's right
   * to switch to it. Each object is created, or found made by an earlier run of this tenant (the
   * role carries this deployment's marker; the database or schema is owned by that role), or
   * refused as a conflict when it is anyone else's.
   */
  private async applyPostgres(
    service: ServiceName,
    tenant: LifecycleTenant,
    result: ProvisioningResult,
  ): Promise<void> {
    const found = this.placementOf(service, tenant);
    if (!found) return;
    const { admin, placement } = found;
    const { database, schema, username: role } = placement;
    const marker = this.deployment.marker(tenant.tenantId);
    const password = randomPassword();
    await admin.session(async (pg) => {
      this.refuseOtherDeployment(tenant.tenantId, `role "${role}"`, await pg.roleComment(role));
      if (placement.isolationMode === 'DATABASE') {
        await pg.ensureTenantRole(role, password, marker);
        const owner = await pg.databaseOwner(database);
        if (owner === undefined) await pg.createTenantDatabase(database, role);
        else if (owner !== role) throw provisioningConflict(`database "${database}"`);
        else await pg.secureTenantDatabase(database, role);
      } else {
        const gateway = await this.ensureGateway(admin, pg, service, database);
        await pg.ensureTenantRole(role, password, marker);
        await pg.grantDatabaseAccess(database, role, true);
        const owner = await pg.schemaOwner(database, schema as string);
        if (owner === undefined) await pg.createTenantSchema(database, schema as string, role);
        else if (owner !== role) throw provisioningConflict(`schema "${schema}" in "${database}"`);
        await pg.grantRole(role, gateway.username);
      }
    });
    result.postgres.push({ ...placement, password });
  }

  /**
   * Drops the tenant's database or schema, then its role, when they are this deployment's: the
   * role carries the deployment's marker for this tenant (or, for tenants provisioned before
   * markers, the control plane recorded it), and the database or schema is owned by that role.
   * Anything else of the same name is someone else's and stays.
   */
  private async removePostgres(service: ServiceName, tenant: LifecycleTenant): Promise<void> {
    const found = this.placementOf(service, tenant);
    if (!found) return;
    const { admin, placement, recorded } = found;
    const { database, schema, username: role } = placement;
    await admin.session(async (pg) => {
      const comment = await pg.roleComment(role);
      if (comment === undefined) return; // gone: it cannot own anything either
      const ours =
        comment === this.deployment.marker(tenant.tenantId) || (comment === null && recorded);
      if (!ours) {
        this.logger.warn(
          `tenant ${tenant.tenantId}: role "${role}" is not this deployment's (comment ${JSON.stringify(comment)}); left in place`,
        );
        return;
      }
      if (placement.isolationMode === 'DATABASE') {
        if ((await pg.databaseOwner(database)) === role) await pg.dropDatabase(database);
        await pg.dropRole(role);
      } else {
        if (schema && (await pg.schemaOwner(database, schema)) === role)
          await pg.dropSchema(database, schema);
        await pg.dropRole(role, [database]);
      }
    });
  }

  /**
   * The shared database of a service and this deployment's gateway login on it, created once
   * per server. The gateway is named after the deployment (`<service>_gateway_<deployment>`) and
   * marked as its own, so two deployments on one server never share or reset each other's
   * (decision 0042). A gateway the control plane knows and the server has is read, never reset;
   * one it knows but the server lost is created again under its recorded name. The control-plane
   * advisory lock makes concurrent first tenants (across instances) agree on one password.
   */
  private ensureGateway(
    admin: PostgresAdmin,
    pg: PgAdminSession,
    service: ServiceName,
    database: string,
  ): Promise<SchemaGatewayEntity> {
    const { host, port } = admin.server;
    const marker = this.deployment.gatewayMarker;
    return this.controlPlane.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `tenant-manager:gateway:${service}@${host}:${port}/${database}`,
      ]);
      await pg.ensureSharedDatabase(database);
      const repository = manager.getRepository(SchemaGatewayEntity);
      let gateway = await repository.findOneBy({ service, host, port, database });
      if (!gateway || !(await pg.roleExists(gateway.username))) {
        const username = gateway?.username ?? names.gatewayRole(service, this.deployment.id);
        const comment = await pg.roleComment(username);
        // Someone else's role of that name (another deployment's, an operator's): not ours.
        if (comment !== undefined && comment !== marker)
          throw provisioningConflict(`role "${username}"`);
        const password = randomPassword();
        await pg.upsertGatewayRole(username, password, marker);
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

  /**
   * The tenant's vhost (described with this deployment's marker) and its user. An earlier run's
   * vhost is finished, anyone else's vhost or user is a conflict. A broker that cannot be
   * reached before anything was created is recorded as skipped rather than failing the tenant.
   */
  private async applyRabbit(tenant: LifecycleTenant, result: ProvisioningResult): Promise<void> {
    const { tenantId } = tenant;
    const vhost = names.rabbitVhost(tenantId);
    const username = names.rabbitUser(tenantId);
    const skipped = (reason: string) => {
      this.logger.warn(`tenant ${tenantId}: RabbitMQ vhost not provisioned: ${reason}`);
      result.rabbitmq = { vhost, username, password: null, status: `skipped: ${reason}` };
    };
    if (!this.rabbit) return skipped('RABBITMQ_MANAGEMENT_URL is off');
    const rabbit = this.rabbit;
    const marker = this.deployment.marker(tenantId);
    let description: string | null | undefined;
    try {
      description = await rabbit.vhostDescription(vhost);
    } catch (error) {
      if (error instanceof RabbitUnreachableError) return skipped(error.message);
      throw error;
    }
    const password = randomPassword();
    await this.rabbitCall(async () => {
      if (description === undefined) {
        // The user is created after its vhost: one without the vhost is not ours.
        if (await rabbit.userExists(username))
          throw provisioningConflict(`RabbitMQ user "${username}"`);
        await rabbit.createVhost(vhost, marker);
      } else if (description !== marker) {
        this.refuseOtherDeployment(tenantId, `RabbitMQ vhost "${vhost}"`, description);
        throw provisioningConflict(`RabbitMQ vhost "${vhost}"`);
      }
      await rabbit.createUser(username, password);
      await rabbit.grantFullPermissions(vhost, username);
    });
    result.rabbitmq = { vhost, username, password, status: RABBITMQ_PROVISIONED };
  }

  /**
   * Removes the tenant's user, then its vhost (the reverse of creation, so a run stopped in
   * between leaves a vhost that says whose it is), when the vhost is this deployment's.
   */
  private async removeRabbit(tenant: LifecycleTenant): Promise<void> {
    const { tenantId } = tenant;
    const recorded = tenant.recorded.rabbitmq;
    const vhost = recorded?.vhost ?? names.rabbitVhost(tenantId);
    const username = recorded?.username ?? names.rabbitUser(tenantId);
    const provisioned = recorded?.status === RABBITMQ_PROVISIONED;
    const rabbit = this.rabbit;
    if (!rabbit) {
      if (provisioned)
        throw provisioningUnavailable(
          `tenant ${tenantId} has RabbitMQ vhost "${vhost}" but RABBITMQ_MANAGEMENT_URL is off`,
        );
      return;
    }
    let description: string | null | undefined;
    try {
      description = await rabbit.vhostDescription(vhost);
    } catch (error) {
      // Nothing recorded and no broker to ask: nothing of ours is known to be there.
      if (error instanceof RabbitUnreachableError && !provisioned && recorded) return;
      throw error instanceof RabbitUnreachableError
        ? provisioningUnavailable(error.message)
        : error;
    }
    if (description === undefined) return;
    // Vhosts made before markers were described `tenant <id>`; trusted when recorded.
    const ours =
      description === this.deployment.marker(tenantId) ||
      (provisioned && description === `tenant ${tenantId}`);
    if (!ours) {
      this.logger.warn(
        `tenant ${tenantId}: RabbitMQ vhost "${vhost}" is not this deployment's; left in place`,
      );
      return;
    }
    await this.rabbitCall(() => rabbit.deleteUser(username));
    await this.rabbitCall(() => rabbit.deleteVhost(vhost));
  }

  /** 409 TM-0019 when `comment` (a role's comment, a vhost's description) is another deployment's marker. */
  private refuseOtherDeployment(
    tenantId: string,
    what: string,
    comment: string | null | undefined,
  ) {
    const other = this.deployment.otherDeploymentOf(comment);
    if (other !== undefined) throw tenantIdTaken(tenantId, what, `deployment ${other}`);
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

  private async rabbitCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
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

/** Every database a tenant's ledger read-only login may hold grants in (either mode). */
function readOnlyDatabases(tenantId: string): string[] {
  return [names.tenantDatabase(READ_ONLY_SOURCE, tenantId), names.sharedDatabase(READ_ONLY_SOURCE)];
}

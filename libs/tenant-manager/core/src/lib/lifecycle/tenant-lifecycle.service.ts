import { Injectable, Logger } from '@nestjs/common';
import type { IsolationMode, ServiceName } from '@finplat/contracts';
import { TenantEventsPublisher } from '../events/tenant-events.publisher';
import {
  type LifecycleTenant,
  type ProvisioningResult,
  ProvisioningService,
  type ProvisioningStep,
  READ_ONLY_READER,
  SERVICE_PROVISIONED,
} from '../provisioning/provisioning.service';
import { provisioningUnavailable } from '../tenant-manager.errors';
import { TenantRabbitmqEntity } from '../tenants/tenant-rabbitmq.entity';
import { TenantReadOnlyLoginEntity } from '../tenants/tenant-read-only-login.entity';
import { TenantServiceEntity } from '../tenants/tenant-service.entity';
import { TenantEntity, type TenantSpec } from '../tenants/tenant.entity';
import { type TenantRecord, TenantRepository } from '../tenants/tenant.repository';
import type { TenantLock } from './tenant-locks';

/** Which way a lifecycle run goes: shown in logs and metrics. */
export type LifecyclePhase = 'provisioning' | 'rollback' | 'deletion';

/** A step that failed: the run stopped there (already logged with tenant, step and cause). */
export class LifecycleStepError extends Error {
  constructor(
    readonly tenantId: string,
    readonly phase: LifecyclePhase,
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`tenant ${tenantId}: ${phase} step "${step}" failed: ${messageOf(cause)}`);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The spec of a tenant, or for tenants made before specs were kept, what its rows say. */
export function specOf(record: TenantRecord): TenantSpec {
  if (record.tenant.spec) return record.tenant.spec;
  return {
    isolation: Object.fromEntries(
      record.services.map((s) => [s.service, s.isolationMode]),
    ) as Record<ServiceName, IsolationMode>,
    placement: {},
  };
}

export function lifecycleTenant(record: TenantRecord): LifecycleTenant {
  return {
    tenantId: record.tenant.id,
    spec: specOf(record),
    recorded: { postgres: record.services, rabbitmq: record.rabbitmq },
  };
}

/**
 * Runs a tenant's lifecycle through the provisioning steps (decision 0040), under the tenant's
 * lock: every step is recorded in the tenant row before it starts, every failure is logged with
 * the tenant, the step and the cause and kept in the row, and the tenant's status always says
 * where it stands (`provisioning` → `active`; `deleting` → gone; `provisioning_failed` when a
 * failed creation could not be taken back). Any run can be repeated: the steps are idempotent.
 */
@Injectable()
export class TenantLifecycleService {
  private readonly logger = new Logger(TenantLifecycleService.name);

  constructor(
    private readonly tenants: TenantRepository,
    private readonly provisioning: ProvisioningService,
    private readonly events: TenantEventsPublisher,
  ) {}

  /**
   * Provisions a tenant whose row says `provisioning`, or takes it back when that fails: on
   * success its placements are recorded and it is `active`; on failure what the run made is
   * removed and the row with it (or, when that too fails, it is `provisioning_failed`), and
   * the step's error is thrown.
   */
  async create(lock: TenantLock, tenant: LifecycleTenant): Promise<void> {
    try {
      await this.provision(lock, tenant);
    } catch (error) {
      const cause = error instanceof LifecycleStepError ? error.cause : error;
      await this.rollback(lock, tenant, messageOf(cause));
      throw cause;
    }
  }

  /** Runs every provisioning step, then records the placements and activates the tenant. */
  async provision(lock: TenantLock, tenant: LifecycleTenant): Promise<void> {
    const { tenantId } = tenant;
    const result: ProvisioningResult = { postgres: [] };
    for (const step of this.provisioning.steps) {
      await this.run(lock, tenant, 'provisioning', step, () => step.apply(tenant, result));
    }
    const rabbitmq = result.rabbitmq;
    if (!rabbitmq) throw provisioningUnavailable('no RabbitMQ step ran');
    const now = new Date();
    await lock.manager.transaction(async (manager) => {
      await manager.delete(TenantServiceEntity, { tenantId });
      await manager.delete(TenantRabbitmqEntity, { tenantId });
      await manager.delete(TenantReadOnlyLoginEntity, { tenantId });
      await manager.insert(
        TenantServiceEntity,
        result.postgres.map((p) => ({
          tenantId,
          ...p,
          status: SERVICE_PROVISIONED,
          provisionedAt: now,
        })),
      );
      await manager.insert(TenantRabbitmqEntity, { tenantId, ...rabbitmq, updatedAt: now });
      for (const login of result.readOnly ?? [])
        await manager.insert(TenantReadOnlyLoginEntity, { tenantId, ...login, provisionedAt: now });
      await manager.update(
        TenantEntity,
        { id: tenantId },
        { status: 'active', lifecycleStep: null, lifecycleError: null, updatedAt: now },
      );
    });
    this.logger.log(
      `tenant ${tenantId}: provisioned ${result.postgres.map((p) => `${p.service}=${p.isolationMode}`).join(', ')}, rabbitmq ${rabbitmq.status}`,
    );
  }

  /**
   * Takes back a failed creation: every step's objects (only this deployment's), then the row.
   * When something cannot be removed the tenant stays, `provisioning_failed`, for a retried
   * DELETE or the reconciler.
   */
  async rollback(lock: TenantLock, tenant: LifecycleTenant, cause: string): Promise<void> {
    const { tenantId } = tenant;
    try {
      await this.tenants.setLifecycle(lock.manager, tenantId, {
        status: 'provisioning_failed',
        lifecycleError: cause,
      });
      await this.removeAll(lock, tenant, 'rollback');
      await lock.manager.delete(TenantEntity, { id: tenantId });
      this.logger.warn(`tenant ${tenantId}: creation failed (${cause}); rolled back`);
    } catch (error) {
      this.logger.error(
        `tenant ${tenantId}: creation failed (${cause}) and could not be rolled back (${messageOf(error instanceof LifecycleStepError ? error.cause : error)}); left provisioning_failed`,
      );
    }
  }

  /**
   * Deletes a tenant: `deleting` first (services are told and stop using it: the connections
   * route answers 404), then every step's objects in reverse order, then the row. A failure
   * leaves it `deleting` with the error; a retried DELETE or the reconciler finishes the job.
   */
  async delete(lock: TenantLock, record: TenantRecord): Promise<void> {
    const tenant = lifecycleTenant(record);
    const { tenantId } = tenant;
    await this.tenants.setLifecycle(lock.manager, tenantId, {
      status: 'deleting',
      lifecycleError: null,
    });
    await this.events.publish('tenant.deleted', tenantId);
    try {
      await this.removeAll(lock, tenant, 'deletion');
    } catch (error) {
      throw error instanceof LifecycleStepError ? error.cause : error;
    }
    // Associations, RabbitMQ record, clients and backups go with it (ON DELETE CASCADE).
    await lock.manager.delete(TenantEntity, { id: tenantId });
    await this.events.publish('tenant.deleted', tenantId);
    this.logger.log(`tenant ${tenantId}: deleted`);
  }

  /**
   * Gives a settled tenant provisioned before read-only logins existed its login (decision
   * 0033), records it, and tells its reader to fetch its connections again. False when the
   * tenant needs none (no ledger or no reporter) or already has one.
   */
  async addReadOnlyLogin(lock: TenantLock, record: TenantRecord): Promise<boolean> {
    const { id: tenantId, status } = record.tenant;
    if (record.readOnly.length || (status !== 'active' && status !== 'suspended')) return false;
    const login = await this.provisioning.applyReadOnly(lifecycleTenant(record));
    if (!login) return false;
    await lock.manager.insert(TenantReadOnlyLoginEntity, {
      tenantId,
      ...login,
      provisionedAt: new Date(),
    });
    await this.events.publish('tenant.credentials.rotated', tenantId, READ_ONLY_READER);
    this.logger.log(
      `tenant ${tenantId}: read-only ${login.service} login "${login.username}" added`,
    );
    return true;
  }

  private async removeAll(
    lock: TenantLock,
    tenant: LifecycleTenant,
    phase: LifecyclePhase,
  ): Promise<void> {
    for (const step of [...this.provisioning.steps].reverse()) {
      await this.run(lock, tenant, phase, step, () => step.remove(tenant));
    }
  }

  private async run(
    lock: TenantLock,
    tenant: LifecycleTenant,
    phase: LifecyclePhase,
    step: ProvisioningStep,
    work: () => Promise<void>,
  ): Promise<void> {
    await this.tenants.setLifecycle(lock.manager, tenant.tenantId, { lifecycleStep: step.name });
    try {
      await work();
    } catch (error) {
      const failure = new LifecycleStepError(tenant.tenantId, phase, step.name, error);
      this.logger.warn(failure.message);
      await this.tenants
        .setLifecycle(lock.manager, tenant.tenantId, { lifecycleError: failure.message })
        .catch((e: Error) =>
          this.logger.error(
            `tenant ${tenant.tenantId}: could not record the failure: ${e.message}`,
          ),
        );
      throw failure;
    }
  }
}

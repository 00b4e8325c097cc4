import { Logger } from '@nestjs/common';
import type { TenantEventsPublisher } from '../events/tenant-events.publisher';
import type {
  LifecycleTenant,
  ProvisioningService,
  ProvisioningStep,
} from '../provisioning/provisioning.service';
import type { TenantRepository } from '../tenants/tenant.repository';
import { TenantLifecycleService } from './tenant-lifecycle.service';
import type { TenantLock } from './tenant-locks';

const tenant: LifecycleTenant = {
  tenantId: 'acme',
  spec: { isolation: { ledger: 'SCHEMA', tracer: 'SCHEMA', reporter: 'SCHEMA' }, placement: {} },
  recorded: { postgres: [], rabbitmq: null },
};

/** Steps that log what they do; `failing` names the apply or remove that throws. */
function steps(log: string[], failing: string[] = []): ProvisioningStep[] {
  return ['rabbitmq', 'postgres:ledger', 'postgres:tracer'].map((name) => ({
    name,
    apply: async (_tenant, result) => {
      log.push(`apply ${name}`);
      if (failing.includes(`apply ${name}`)) throw new Error(`${name} refused`);
      if (name === 'rabbitmq')
        result.rabbitmq = { vhost: 'acme', username: 'u', password: null, status: 'skipped: x' };
    },
    remove: async () => {
      log.push(`remove ${name}`);
      if (failing.includes(`remove ${name}`)) throw new Error(`${name} stuck`);
    },
  }));
}

function setUp(failing: string[] = []) {
  const log: string[] = [];
  const lifecycle: Record<string, unknown>[] = [];
  const deleted: unknown[] = [];
  const repository = {
    setLifecycle: jest.fn(async (_m: unknown, _id: string, changes: Record<string, unknown>) => {
      lifecycle.push(changes);
    }),
  } as unknown as TenantRepository;
  const provisioning = { steps: steps(log, failing) } as unknown as ProvisioningService;
  const events = { publish: jest.fn(async () => undefined) } as unknown as TenantEventsPublisher;
  const manager = {
    delete: jest.fn(async (_entity: unknown, where: unknown) => void deleted.push(where)),
    transaction: jest.fn(async () => undefined),
  };
  const lock = { manager, release: jest.fn() } as unknown as TenantLock;
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  const service = new TenantLifecycleService(repository, provisioning, events);
  return { service, lock, log, lifecycle, deleted, warn, events };
}

describe('TenantLifecycleService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should record each step before running it, and activate the tenant at the end', async () => {
    const { service, lock, log, lifecycle } = setUp();
    await service.create(lock, tenant);
    expect(log).toEqual(['apply rabbitmq', 'apply postgres:ledger', 'apply postgres:tracer']);
    expect(lifecycle).toEqual([
      { lifecycleStep: 'rabbitmq' },
      { lifecycleStep: 'postgres:ledger' },
      { lifecycleStep: 'postgres:tracer' },
    ]);
  });

  it('should log a failed step with tenant, step and cause, take back every step in reverse and drop the row', async () => {
    const { service, lock, log, lifecycle, deleted, warn } = setUp(['apply postgres:ledger']);
    await expect(service.create(lock, tenant)).rejects.toThrow('postgres:ledger refused');
    expect(warn).toHaveBeenCalledWith(
      'tenant acme: provisioning step "postgres:ledger" failed: postgres:ledger refused',
    );
    expect(log).toEqual([
      'apply rabbitmq',
      'apply postgres:ledger',
      'remove postgres:tracer',
      'remove postgres:ledger',
      'remove rabbitmq',
    ]);
    expect(lifecycle).toContainEqual({
      status: 'provisioning_failed',
      lifecycleError: 'postgres:ledger refused',
    });
    expect(deleted).toEqual([{ id: 'acme' }]);
  });

  it('should leave a creation it cannot take back provisioning_failed, with the tenant kept', async () => {
    const { service, lock, deleted, warn } = setUp(['apply postgres:tracer', 'remove rabbitmq']);
    await expect(service.create(lock, tenant)).rejects.toThrow('postgres:tracer refused');
    expect(warn).toHaveBeenCalledWith(
      'tenant acme: rollback step "rabbitmq" failed: rabbitmq stuck',
    );
    expect(deleted).toEqual([]);
  });

  it('should mark a deletion deleting, announce it before dropping anything, and stop at a failed step', async () => {
    const { service, lock, log, lifecycle, deleted, events } = setUp(['remove postgres:ledger']);
    const record = {
      tenant: { id: 'acme', spec: tenant.spec },
      services: [],
      rabbitmq: null,
    } as never;
    await expect(service.delete(lock, record)).rejects.toThrow('postgres:ledger stuck');
    expect(lifecycle[0]).toEqual({ status: 'deleting', lifecycleError: null });
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(log).toEqual(['remove postgres:tracer', 'remove postgres:ledger']);
    expect(lifecycle).toContainEqual({
      lifecycleError: 'tenant acme: deletion step "postgres:ledger" failed: postgres:ledger stuck',
    });
    expect(deleted).toEqual([]);
  });
});

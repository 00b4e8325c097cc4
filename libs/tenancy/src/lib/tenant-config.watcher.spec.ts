import { TENANT_EVENTS_CHANNEL, type TenantConnections } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { TenantConfigClient } from './tenant-config.client';
import { TenantConfigWatcher } from './tenant-config.watcher';
import type { TenantDataSources } from './tenant-data-sources';
import { TenantLifecycleHooks, type TenantChange } from './tenant-lifecycle.hooks';

const settings = (password: string): TenantConnections => ({
  id: 'acme',
  status: 'active',
  service: 'ledger',
  isolationMode: 'DATABASE',
  postgresql: { host: 'db', port: 5432, database: 'ledger_acme', username: 'acme', password },
});

/** A client whose tenant-manager answer is `answer` and whose last-known settings are `known`. */
function fakes(known: TenantConnections | undefined, answer: () => Promise<TenantConnections>) {
  const retired: TenantConnections[] = [];
  const client = {
    lastKnown: () => known,
    invalidate: async () => undefined,
    get: answer,
    fetchFresh: answer,
    recentTenants: () => (known ? ['acme'] : []),
  } as unknown as TenantConfigClient;
  const pools = {
    retire: async (c: TenantConnections) => void retired.push(c),
  } as unknown as TenantDataSources;
  const hooks = new TenantLifecycleHooks();
  const changes: TenantChange[] = [];
  hooks.onTenantChanged((c) => void changes.push(c));
  return { client, pools, hooks, changes, retired };
}

const options = (hooks: TenantLifecycleHooks) => ({
  service: 'ledger' as const,
  checkIntervalSec: 3600,
  idleTimeoutSec: 3600,
  hooks,
});

describe('TenantConfigWatcher lifecycle hooks', () => {
  it('should tell the hooks of an event once the old pool is retired', async () => {
    const { client, pools, hooks, changes, retired } = fakes(settings('old'), async () =>
      settings('new'),
    );
    const subscriber = Object.assign(new EventEmitter(), {
      subscribe: async () => 1,
    }) as unknown as Redis;
    const watcher = new TenantConfigWatcher(client, pools, options(hooks), subscriber);
    await watcher.start();
    const retiredWhenTold: number[] = [];
    hooks.onTenantChanged(() => void retiredWhenTold.push(retired.length));
    subscriber.emit(
      'message',
      TENANT_EVENTS_CHANNEL,
      JSON.stringify({
        type: 'tenant.credentials.rotated',
        tenantId: 'acme',
        service: 'ledger',
        occurredAt: new Date().toISOString(),
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    watcher.stop();
    expect(changes).toEqual([
      { tenantId: 'acme', type: 'tenant.credentials.rotated', source: 'event' },
    ]);
    expect(retiredWhenTold).toEqual([1]);
  });

  it('should ignore events for another service', async () => {
    const { client, pools, hooks, changes } = fakes(settings('old'), async () => settings('new'));
    const subscriber = Object.assign(new EventEmitter(), {
      subscribe: async () => 1,
    }) as unknown as Redis;
    const watcher = new TenantConfigWatcher(client, pools, options(hooks), subscriber);
    await watcher.start();
    subscriber.emit(
      'message',
      TENANT_EVENTS_CHANNEL,
      JSON.stringify({
        type: 'tenant.deleted',
        tenantId: 'acme',
        service: 'tracer',
        occurredAt: new Date().toISOString(),
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    watcher.stop();
    expect(changes).toEqual([]);
  });

  it.each([
    ['404', PlatformErrors.TENANT_NOT_FOUND, 'tenant.deleted'],
    ['403', PlatformErrors.TENANT_SUSPENDED, 'tenant.suspended'],
  ] as const)(
    'should report what a revalidation round finds when tenant-manager answers %s',
    async (_status, error, type) => {
      const { client, pools, hooks, changes } = fakes(settings('old'), async () => {
        throw new DomainError(error, 'answer');
      });
      await new TenantConfigWatcher(client, pools, options(hooks)).revalidate();
      expect(changes).toEqual([{ tenantId: 'acme', type, source: 'revalidation' }]);
    },
  );

  it('should report changed settings found by revalidation, and nothing when unchanged', async () => {
    let password = 'old';
    const { client, pools, hooks, changes } = fakes(settings('old'), async () =>
      settings(password),
    );
    const watcher = new TenantConfigWatcher(client, pools, options(hooks));
    await watcher.revalidate();
    expect(changes).toEqual([]);
    password = 'new';
    await watcher.revalidate();
    expect(changes).toEqual([
      { tenantId: 'acme', type: 'tenant.placement.changed', source: 'revalidation' },
    ]);
  });

  it('should say nothing when tenant-manager is unreachable', async () => {
    const { client, pools, hooks, changes } = fakes(settings('old'), async () => {
      throw new Error('ECONNREFUSED');
    });
    await new TenantConfigWatcher(client, pools, options(hooks)).revalidate();
    expect(changes).toEqual([]);
  });
});

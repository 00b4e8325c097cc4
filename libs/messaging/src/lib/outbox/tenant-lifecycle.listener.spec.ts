import { TenantLifecycleHooks, type TenantChange } from '@finplat/tenancy';
import { tenantLifecycleListener, type TenantFollower } from './tenant-lifecycle.listener';

/** A follower that records calls and follows the tenants it was given. */
function fakeFollower(followed: string[]) {
  const following = new Set(followed);
  const calls: string[] = [];
  const follower: TenantFollower = {
    follows: (id) => following.has(id),
    addTenant: (id) => {
      calls.push(`add:${id}`);
      following.add(id);
    },
    removeTenant: async (id) => {
      calls.push(`remove:${id}`);
      following.delete(id);
    },
    refreshTenant: async (id) => {
      calls.push(`refresh:${id}`);
      following.add(id);
    },
  };
  return { follower, calls, following };
}

const change = (type: TenantChange['type'], tenantId = 'acme'): TenantChange => ({
  tenantId,
  type,
  source: 'event',
});

describe('tenantLifecycleListener (ledger relay and consumers)', () => {
  it('should stop a followed tenant on suspension and resume it on reactivation', async () => {
    const { follower, calls, following } = fakeFollower(['acme']);
    const listen = tenantLifecycleListener(follower);
    await listen(change('tenant.suspended'));
    expect(following.has('acme')).toBe(false);
    await listen(change('tenant.activated'));
    expect(calls).toEqual(['remove:acme', 'refresh:acme']);
    expect(following.has('acme')).toBe(true);
  });

  it('should stop a deleted tenant, and not bring it back on a later activation', async () => {
    const { follower, calls } = fakeFollower(['acme']);
    const listen = tenantLifecycleListener(follower);
    await listen(change('tenant.suspended'));
    await listen(change('tenant.deleted'));
    await listen(change('tenant.activated'));
    expect(calls).toEqual(['remove:acme', 'remove:acme']);
  });

  it('should reconnect a followed tenant on new credentials or placement', async () => {
    const { follower, calls } = fakeFollower(['acme']);
    const listen = tenantLifecycleListener(follower);
    await listen(change('tenant.credentials.rotated'));
    await listen({ ...change('tenant.placement.changed'), source: 'revalidation' });
    expect(calls).toEqual(['refresh:acme', 'refresh:acme']);
  });

  it('should leave tenants this instance does not follow alone', async () => {
    const { follower, calls } = fakeFollower(['acme']);
    const listen = tenantLifecycleListener(follower);
    for (const type of [
      'tenant.suspended',
      'tenant.activated',
      'tenant.credentials.rotated',
      'tenant.placement.changed',
    ] as const)
      await listen(change(type, 'other'));
    expect(calls).toEqual([]);
  });

  it('should ignore creation and renaming', async () => {
    const { follower, calls } = fakeFollower(['acme']);
    const listen = tenantLifecycleListener(follower);
    await listen(change('tenant.created'));
    await listen(change('tenant.updated'));
    expect(calls).toEqual([]);
  });

  it('should be driven through the tenancy hooks registry', async () => {
    const { follower, calls } = fakeFollower(['acme']);
    const hooks = new TenantLifecycleHooks();
    const off = hooks.onTenantChanged(tenantLifecycleListener(follower));
    await hooks.notify(change('tenant.deleted'));
    off();
    await hooks.notify(change('tenant.credentials.rotated'));
    expect(calls).toEqual(['remove:acme']);
  });
});

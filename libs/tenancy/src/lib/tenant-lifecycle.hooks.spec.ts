import { TenantLifecycleHooks, type TenantChange } from './tenant-lifecycle.hooks';

const change: TenantChange = { tenantId: 'acme', type: 'tenant.suspended', source: 'event' };

describe('TenantLifecycleHooks', () => {
  it('should call every registered listener with the change and wait for them', async () => {
    const hooks = new TenantLifecycleHooks();
    const seen: string[] = [];
    hooks.onTenantChanged(async (c) => {
      await new Promise((r) => setTimeout(r, 10));
      seen.push(`slow:${c.type}:${c.tenantId}`);
    });
    hooks.onTenantChanged((c) => void seen.push(`fast:${c.source}`));
    await hooks.notify(change);
    expect(seen.sort()).toEqual(['fast:event', 'slow:tenant.suspended:acme']);
  });

  it('should stop calling a listener once unregistered', async () => {
    const hooks = new TenantLifecycleHooks();
    const listener = jest.fn();
    const off = hooks.onTenantChanged(listener);
    await hooks.notify(change);
    off();
    await hooks.notify(change);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('should keep a failing listener from reaching the others or the caller', async () => {
    const hooks = new TenantLifecycleHooks();
    const other = jest.fn();
    hooks.onTenantChanged(() => {
      throw new Error('boom');
    });
    hooks.onTenantChanged(async () => Promise.reject(new Error('async boom')));
    hooks.onTenantChanged(other);
    await expect(hooks.notify(change)).resolves.toBeUndefined();
    expect(other).toHaveBeenCalledWith(change);
  });

  it('should do nothing without listeners', async () => {
    await expect(new TenantLifecycleHooks().notify(change)).resolves.toBeUndefined();
  });
});

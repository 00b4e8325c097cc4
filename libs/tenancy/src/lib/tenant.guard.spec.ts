import type { ExecutionContext } from '@nestjs/common';
import type { JwtAuthGuard } from '@finplat/auth';
import type { TenantConnections } from '@finplat/contracts';
import { DomainError } from '@finplat/platform';
import { TenantGuard, type TenantRequest } from './tenant.guard';
import type { TenantConnectionsSource } from './tenant-connections.source';
import type { TenancyOptions } from './tenancy.config';

const options = (multiTenant: boolean) => ({ multiTenant }) as TenancyOptions;

function contextFor(request: Partial<TenantRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function setup(multiTenant: boolean) {
  const auth = { canActivate: jest.fn().mockResolvedValue(true) } as unknown as JwtAuthGuard;
  const get = jest.fn(async (id: string) => ({ id, status: 'active' }) as TenantConnections);
  const source = { get } as unknown as TenantConnectionsSource;
  return { guard: new TenantGuard(auth, source, options(multiTenant)), auth, get };
}

describe('TenantGuard', () => {
  it('should take the tenant from the verified claim, ignoring headers, query and body', async () => {
    const { guard, get } = setup(true);
    const request: Partial<TenantRequest> = {
      path: '/v1/organizations',
      user: { tenantId: 'acme' },
      headers: { 'x-tenant-id': 'globex' },
      query: { tenantId: 'globex' },
      body: { tenantId: 'globex' },
    };
    await expect(guard.canActivate(contextFor(request))).resolves.toBe(true);
    expect(get).toHaveBeenCalledWith('acme');
    expect(request.tenantId).toBe('acme');
    expect(request.tenantScope?.connections.id).toBe('acme');
  });

  it.each([undefined, 42, '', 'UPPER', 'a;b', '../x', 'x'.repeat(64)])(
    'should answer 401 for tenantId claim %p',
    async (tenantId) => {
      const { guard, get } = setup(true);
      const error = await guard
        .canActivate(contextFor({ path: '/v1/x', user: { tenantId } }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('0042');
      expect(get).not.toHaveBeenCalled();
    },
  );

  it('should use the default tenant in single-tenant mode whatever the token says', async () => {
    const { guard, get } = setup(false);
    await guard.canActivate(contextFor({ path: '/v1/x', user: { tenantId: 'acme' } }));
    expect(get).toHaveBeenCalledWith('default');
  });

  it('should run token verification before resolving a tenant, and skip public routes', async () => {
    const { guard, auth, get } = setup(true);
    await expect(guard.canActivate(contextFor({ path: '/health' }))).resolves.toBe(true);
    expect(auth.canActivate).not.toHaveBeenCalled();
    (auth.canActivate as jest.Mock).mockRejectedValueOnce(new Error('bad token'));
    await expect(
      guard.canActivate(contextFor({ path: '/v1/x', user: { tenantId: 'acme' } })),
    ).rejects.toThrow('bad token');
    expect(get).not.toHaveBeenCalled();
  });
});

import type { TenantConnections } from '@finplat/contracts';
import { DomainError } from '@finplat/platform';
import { TenantConfigClient } from './tenant-config.client';

const connections = (id: string): TenantConnections => ({
  id,
  status: 'active',
  service: 'ledger',
  isolationMode: 'SCHEMA',
  postgresql: { host: 'h', port: 5432, database: 'd', schema: id, username: 'u', password: 'p' },
});

function fakeFetch(respond: (url: string) => Response | Promise<Response>) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, headers: (init?.headers ?? {}) as Record<string, string> });
    return respond(url);
  }) as unknown as typeof fetch;
  return { impl, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const client = (fetchImpl: typeof fetch, cacheTtlSec = 120) =>
  new TenantConfigClient({
    service: 'ledger',
    managerUrl: 'http://tm',
    apiKey: 'svc-key',
    cacheTtlSec,
    requestTimeoutSec: 1,
    fetchImpl,
  });

describe('TenantConfigClient', () => {
  it('should call the connections endpoint with the service API key', async () => {
    const fetch = fakeFetch(() => json(200, connections('acme')));
    await expect(client(fetch.impl).get('acme')).resolves.toMatchObject({ id: 'acme' });
    expect(fetch.calls[0].url).toBe('http://tm/v1/tenants/acme/associations/ledger/connections');
    expect(fetch.calls[0].headers['X-API-Key']).toBe('svc-key');
  });

  it('should cache answers and coalesce concurrent misses into one call', async () => {
    const fetch = fakeFetch(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return json(200, connections('acme'));
    });
    const c = client(fetch.impl);
    await Promise.all(Array.from({ length: 10 }, () => c.get('acme')));
    await c.get('acme');
    expect(fetch.calls).toHaveLength(1);
    c.invalidate('acme');
    await c.get('acme');
    expect(fetch.calls).toHaveLength(2);
  });

  it('should not cache when the TTL is 0', async () => {
    const fetch = fakeFetch(() => json(200, connections('acme')));
    const c = client(fetch.impl, 0);
    await c.get('acme');
    await c.get('acme');
    expect(fetch.calls).toHaveLength(2);
  });

  it.each([
    [404, 404, '0160'],
    [403, 403, '0159'],
    [500, 503, '0161'],
  ])('should map a %i from tenant-manager to %i (%s)', async (answer, _status, code) => {
    const fetch = fakeFetch(() => json(answer, { code: 'x' }));
    const error = await client(fetch.impl)
      .get('acme')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
  });

  it('should answer 503 with Retry-After when tenant-manager is unreachable', async () => {
    const fetch = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const error = (await client(fetch.impl)
      .get('acme')
      .catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('0161');
    expect(error.details.retryAfterSec).toBeGreaterThan(0);
  });

  it('should refuse a tenant whose settings say suspended', async () => {
    const fetch = fakeFetch(() => json(200, { ...connections('acme'), status: 'suspended' }));
    const error = (await client(fetch.impl)
      .get('acme')
      .catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('0159');
  });
});

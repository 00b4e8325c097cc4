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

const clients: TenantConfigClient[] = [];
const client = (
  fetchImpl: typeof fetch,
  cacheTtlSec = 120,
  extra: Partial<ConstructorParameters<typeof TenantConfigClient>[0]> = {},
) => {
  const c = new TenantConfigClient({
    service: 'ledger',
    managerUrl: 'http://tm',
    apiKey: 'svc-key',
    cacheTtlSec,
    requestTimeoutSec: 1,
    fetchImpl,
    ...extra,
  });
  clients.push(c);
  return c;
};
afterEach(() => clients.splice(0).forEach((c) => c.close()));

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

  describe('with tenant-manager down (circuit breaker, stale-while-unavailable)', () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** A tenant-manager that can be switched off and on. */
    function switchable() {
      const state = { up: true };
      const fetch = fakeFetch((url) => {
        if (!state.up) throw new TypeError('fetch failed');
        const id = url.split('/')[5];
        return json(200, connections(id));
      });
      return { state, fetch };
    }

    it('should keep serving a cached tenant past its TTL while tenant-manager is down', async () => {
      const { state, fetch } = switchable();
      const c = client(fetch.impl, 1, { breakerThreshold: 2, breakerTimeoutSec: 30 });
      await c.get('acme');
      state.up = false;
      await sleep(1_100); // TTL expired
      await expect(c.get('acme')).resolves.toMatchObject({ id: 'acme' });
      await expect(c.get('acme')).resolves.toMatchObject({ id: 'acme' });
      expect(c.circuitState).toBe('open');
      await expect(c.get('acme')).resolves.toMatchObject({ id: 'acme' });
    });

    it('should refuse an uncached tenant at once with 503 and Retry-After once the circuit is open', async () => {
      const { state, fetch } = switchable();
      state.up = false;
      const c = client(fetch.impl, 120, { breakerThreshold: 3, breakerTimeoutSec: 30 });
      for (let i = 0; i < 3; i++)
        await expect(c.get(`t-${i}-x`)).rejects.toBeInstanceOf(DomainError);
      expect(c.circuitState).toBe('open');
      const callsBefore = fetch.calls.length;
      const started = performance.now();
      const error = (await c.get('newcomer').catch((e: unknown) => e)) as DomainError;
      expect(performance.now() - started).toBeLessThan(20);
      expect(error.code).toBe('0161');
      expect(error.details.retryAfterSec).toBeGreaterThanOrEqual(29);
      expect(fetch.calls.length).toBe(callsBefore); // tenant-manager not even asked
    });

    it('should not open the circuit on 404s and 403s', async () => {
      const fetch = fakeFetch(() => json(404, { code: 'x' }));
      const c = client(fetch.impl, 120, { breakerThreshold: 2 });
      for (let i = 0; i < 5; i++)
        await expect(c.get(`gone-${i}x`)).rejects.toBeInstanceOf(DomainError);
      expect(c.circuitState).toBe('closed');
      expect(fetch.calls).toHaveLength(5);
    });

    it('should resume by itself when tenant-manager returns (one trial call after the open period)', async () => {
      const { state, fetch } = switchable();
      state.up = false;
      const c = client(fetch.impl, 120, { breakerThreshold: 1, breakerTimeoutSec: 1 });
      await expect(c.get('acme')).rejects.toBeInstanceOf(DomainError);
      expect(c.circuitState).toBe('open');
      state.up = true;
      await expect(c.get('acme')).rejects.toBeInstanceOf(DomainError); // still open
      await sleep(1_100);
      await expect(c.get('acme')).resolves.toMatchObject({ id: 'acme' });
      expect(c.circuitState).toBe('closed');
    });

    it('should not serve stale settings when caching is off (TTL 0)', async () => {
      const { state, fetch } = switchable();
      const c = client(fetch.impl, 0, { breakerThreshold: 1 });
      await c.get('acme');
      state.up = false;
      await expect(c.get('acme')).rejects.toMatchObject({ code: '0161' });
    });

    it('should forget a tenant on invalidate, so a tenant suspended meanwhile is not served stale', async () => {
      const { state, fetch } = switchable();
      const c = client(fetch.impl, 120, { breakerThreshold: 1 });
      await c.get('acme');
      await c.invalidate('acme');
      state.up = false;
      await expect(c.get('acme')).rejects.toMatchObject({ code: '0161' });
    });

    it('should pass "being moved" (503 TM-0015) through with its Retry-After, without tripping or serving stale', async () => {
      let moving = false;
      const fetch = fakeFetch(() =>
        moving
          ? new Response(JSON.stringify({ code: 'TM-0015' }), {
              status: 503,
              headers: { 'content-type': 'application/json', 'retry-after': '2' },
            })
          : json(200, connections('acme')),
      );
      const c = client(fetch.impl, 120, { breakerThreshold: 1 });
      await c.get('acme');
      moving = true;
      await c.invalidate('acme');
      const error = (await c.get('acme').catch((e: unknown) => e)) as DomainError;
      expect(error.code).toBe('0161');
      expect(error.details.retryAfterSec).toBe(2);
      expect(c.circuitState).toBe('closed');
    });

    it('should never let an answer fetched before an invalidation land in the cache after it', async () => {
      let release!: () => void;
      let version = 1;
      const fetch = fakeFetch(async () => {
        const v = version;
        if (v === 1) await new Promise<void>((r) => (release = r));
        return json(200, {
          ...connections('acme'),
          postgresql: { ...connections('acme').postgresql, database: `v${v}` },
        });
      });
      const c = client(fetch.impl);
      const old = c.get('acme');
      await sleep(5);
      version = 2;
      await c.invalidate('acme');
      release();
      await old;
      await expect(c.get('acme')).resolves.toMatchObject({ postgresql: { database: 'v2' } });
    });
  });
});

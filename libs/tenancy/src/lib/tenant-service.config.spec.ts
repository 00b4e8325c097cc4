import { ConfigError } from '@finplat/platform';
import { loadTenantServiceConfig } from './tenant-service.config';

describe('loadTenantServiceConfig', () => {
  it('should default to single-tenant, auth off, the contract defaults', () => {
    const config = loadTenantServiceConfig('ledger', 3002, {});
    expect(config).toMatchObject({
      port: 3002,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/ledger',
      auth: { enabled: false },
      tenancy: {
        multiTenant: false,
        cacheTtlSec: 120,
        connectionsCheckIntervalSec: 30,
        circuitBreakerThreshold: 5,
        circuitBreakerTimeoutSec: 30,
        requestTimeoutSec: 30,
        maxTenantPools: 100,
        idleTimeoutSec: 300,
        poolWaitTimeoutSec: 5,
        poolQueueSize: 1000,
      },
    });
    expect(config.tenancy.redis).toBeUndefined();
    expect(config.runMode).toBe('all');
  });

  it('should read RUN_MODE and refuse a value it does not know', () => {
    expect(loadTenantServiceConfig('tracer', 4020, { RUN_MODE: 'worker' }).runMode).toBe('worker');
    expect(() => loadTenantServiceConfig('tracer', 4020, { RUN_MODE: 'jobs' })).toThrow(
      /RUN_MODE: expected one of api, worker, all/,
    );
  });

  it('should listen on loopback without auth, on every interface with it, on HOST when set', () => {
    const secret = { AUTH_JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters' };
    expect(loadTenantServiceConfig('ledger', 3002, {}).host).toBe('127.0.0.1');
    expect(
      loadTenantServiceConfig('ledger', 3002, { PLUGIN_AUTH_ENABLED: 'true', ...secret }).host,
    ).toBe('0.0.0.0');
    expect(loadTenantServiceConfig('ledger', 3002, { HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(
      loadTenantServiceConfig('ledger', 3002, {
        HOST: '::1',
        PLUGIN_AUTH_ENABLED: 'true',
        ...secret,
      }).host,
    ).toBe('::1');
    expect(loadTenantServiceConfig('ledger', 3002, { HOST: 'ledger.internal' }).host).toBe(
      'ledger.internal',
    );
  });

  it('should refuse a HOST that is neither an address nor a host name, naming it', () => {
    expect(() => loadTenantServiceConfig('ledger', 3002, { HOST: 'http://0.0.0.0' })).toThrow(
      /HOST: must be an IP address or a host name/,
    );
  });

  it('should refuse MULTI_TENANT_ENABLED without PLUGIN_AUTH_ENABLED, naming both', () => {
    expect.assertions(3);
    try {
      loadTenantServiceConfig('ledger', 3002, {
        MULTI_TENANT_ENABLED: 'true',
        MULTI_TENANT_URL: 'http://127.0.0.1:4000',
        MULTI_TENANT_SERVICE_API_KEY: 'k',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('MULTI_TENANT_ENABLED');
      expect((error as Error).message).toContain('PLUGIN_AUTH_ENABLED');
    }
  });

  it('should require the tenant-manager URL and API key in multi-tenant mode', () => {
    expect(() =>
      loadTenantServiceConfig('ledger', 3002, {
        MULTI_TENANT_ENABLED: 'true',
        PLUGIN_AUTH_ENABLED: 'true',
      }),
    ).toThrow(/MULTI_TENANT_URL[\s\S]*MULTI_TENANT_SERVICE_API_KEY/);
  });

  it('should default the JWKS to tenant-manager in multi-tenant mode', () => {
    const config = loadTenantServiceConfig('tracer', 4020, {
      MULTI_TENANT_ENABLED: 'true',
      PLUGIN_AUTH_ENABLED: 'true',
      MULTI_TENANT_URL: 'http://127.0.0.1:4000/',
      MULTI_TENANT_SERVICE_API_KEY: 'k',
      MULTI_TENANT_CACHE_TTL_SEC: '0',
      MULTI_TENANT_REDIS_HOST: 'cache',
    });
    expect(config.auth.jwksUrl).toBe('http://127.0.0.1:4000/.well-known/jwks.json');
    expect(config.tenancy).toMatchObject({
      managerUrl: 'http://127.0.0.1:4000',
      cacheTtlSec: 0,
      redis: { host: 'cache', port: 6379, tls: false },
    });
  });

  it('should name each malformed variable', () => {
    expect(() =>
      loadTenantServiceConfig('ledger', 3002, {
        PORT: 'eighty',
        MULTI_TENANT_CACHE_TTL_SEC: '-1',
        PLUGIN_AUTH_ENABLED: 'maybe',
        DATABASE_URL: 'mysql://x',
      }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*PLUGIN_AUTH_ENABLED[\s\S]*MULTI_TENANT_CACHE_TTL_SEC/);
  });

  it('should require a key source when auth is on in single-tenant mode', () => {
    expect(() => loadTenantServiceConfig('ledger', 3002, { PLUGIN_AUTH_ENABLED: 'true' })).toThrow(
      /AUTH_JWKS_URL/,
    );
    const config = loadTenantServiceConfig('ledger', 3002, {
      PLUGIN_AUTH_ENABLED: 'true',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config.auth).toMatchObject({
      enabled: true,
      secret: 'x'.repeat(32),
      jwksUrl: undefined,
    });
  });
});

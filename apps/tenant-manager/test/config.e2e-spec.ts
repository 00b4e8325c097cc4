import { ConfigError } from '@finplat/platform';
import { loadTenantManagerConfig } from '../src/config/tenant-manager.config';

const ADMIN = { TENANT_MANAGER_ADMIN_KEY: 'a-long-enough-admin-key' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadTenantManagerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('tenant-manager configuration', () => {
  it('should apply the contract defaults', () => {
    expect(loadTenantManagerConfig(ADMIN)).toEqual({
      port: 4000,
      host: '0.0.0.0',
      logLevel: 'info',
      options: {
        redisUrl: undefined,
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/tenant_manager',
        adminKey: 'a-long-enough-admin-key',
        serviceApiKeys: [],
        provisionPgAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
        provisionPgTargets: { default: 'postgres://postgres@127.0.0.1:5432/postgres' },
        rabbitmqManagementUrl: 'http://guest:guest@127.0.0.1:15672',
        rabbitmqAmqpHost: '127.0.0.1',
        rabbitmqAmqpPort: 5672,
        tokenTtlSec: 3600,
        tokenIssuer: 'tenant-manager',
        reconcileIntervalSec: 60,
      },
    });
  });

  it('should read every variable', () => {
    const config = loadTenantManagerConfig({
      ...ADMIN,
      PORT: '4100',
      HOST: '10.0.0.7',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgresql://tm@db:6432/control',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TENANT_MANAGER_SERVICE_API_KEYS: ' ledger-key , tracer-key,,reporter-key ',
      PROVISION_PG_ADMIN_URL: 'postgres://admin:pw@db:5432/postgres',
      PROVISION_PG_TARGETS: 'secondary=postgres://admin:pw@db2:5432/postgres',
      RABBITMQ_MANAGEMENT_URL: 'https://mq.example:15671',
      RABBITMQ_AMQP_HOST: 'mq.example',
      RABBITMQ_AMQP_PORT: '5671',
      TOKEN_TTL_SEC: '600',
      TOKEN_ISSUER: 'https://tm.example',
      TENANT_MANAGER_RECONCILE_INTERVAL_SEC: '0',
    });
    expect(config).toMatchObject({ port: 4100, host: '10.0.0.7', logLevel: 'warn' });
    expect(config.options).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: 'postgresql://tm@db:6432/control',
      adminKey: ADMIN.TENANT_MANAGER_ADMIN_KEY,
      serviceApiKeys: ['ledger-key', 'tracer-key', 'reporter-key'],
      provisionPgAdminUrl: 'postgres://admin:pw@db:5432/postgres',
      provisionPgTargets: {
        default: 'postgres://admin:pw@db:5432/postgres',
        secondary: 'postgres://admin:pw@db2:5432/postgres',
      },
      rabbitmqManagementUrl: 'https://mq.example:15671',
      rabbitmqAmqpHost: 'mq.example',
      rabbitmqAmqpPort: 5671,
      tokenTtlSec: 600,
      tokenIssuer: 'https://tm.example',
      reconcileIntervalSec: 0,
    });
  });

  it('should switch vhost provisioning off only when asked explicitly', () => {
    expect(
      loadTenantManagerConfig({ ...ADMIN, RABBITMQ_MANAGEMENT_URL: 'off' }).options
        .rabbitmqManagementUrl,
    ).toBeUndefined();
    // Empty counts as unset: the default applies.
    expect(
      loadTenantManagerConfig({ ...ADMIN, RABBITMQ_MANAGEMENT_URL: '' }).options
        .rabbitmqManagementUrl,
    ).toBe('http://guest:guest@127.0.0.1:15672');
  });

  it('should read PROVISION_PG_TARGETS as JSON or as name=url pairs', () => {
    const targets = (value: string) =>
      loadTenantManagerConfig({ ...ADMIN, PROVISION_PG_TARGETS: value }).options.provisionPgTargets;
    expect(
      targets('{"eu-2": "postgres://a@h2/postgres", "default": "postgres://a@h1/postgres"}'),
    ).toEqual({ default: 'postgres://a@h1/postgres', 'eu-2': 'postgres://a@h2/postgres' });
    expect(targets(' b=postgresql://x:p%40w@h3:6432/postgres , c=postgres://h4/postgres ')).toEqual(
      {
        default: 'postgres://postgres@127.0.0.1:5432/postgres',
        b: 'postgresql://x:p%40w@h3:6432/postgres',
        c: 'postgres://h4/postgres',
      },
    );
    for (const bad of [
      '{"x": 5}',
      '[1]',
      '{oops',
      'nameonly',
      'Upper=postgres://h/p',
      'x=http://h',
    ]) {
      expect(problemsOf({ ...ADMIN, PROVISION_PG_TARGETS: bad })).toEqual([
        expect.stringMatching(/^PROVISION_PG_TARGETS: /),
      ]);
    }
  });

  it('should require TENANT_MANAGER_ADMIN_KEY, of at least 16 characters', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^TENANT_MANAGER_ADMIN_KEY: .*required/),
    ]);
    expect(problemsOf({ TENANT_MANAGER_ADMIN_KEY: '   ' })).toEqual([
      expect.stringMatching(/^TENANT_MANAGER_ADMIN_KEY:/),
    ]);
    expect(problemsOf({ TENANT_MANAGER_ADMIN_KEY: 'short' })).toEqual([
      'TENANT_MANAGER_ADMIN_KEY: must be at least 16 characters',
    ]);
  });

  it('should name every bad variable at once', () => {
    const problems = problemsOf({
      ...ADMIN,
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/tm',
      PROVISION_PG_ADMIN_URL: 'not a url',
      RABBITMQ_MANAGEMENT_URL: 'amqp://127.0.0.1',
      RABBITMQ_AMQP_PORT: '70000',
      TOKEN_TTL_SEC: '0',
      LOG_LEVEL: 'loud',
    });
    const names = problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'PROVISION_PG_ADMIN_URL',
      'RABBITMQ_AMQP_PORT',
      'RABBITMQ_MANAGEMENT_URL',
      'TOKEN_TTL_SEC',
    ]);
  });
});

import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { exitOf, freePort, runBuiltApp, startApp, type AppName } from '../src/processes';

/** Whether /health answers on `address`; refused means nothing listens there. */
async function answersOn(address: string, port: number): Promise<boolean> {
  try {
    return (await fetch(`http://${address}:${port}/health`)).ok;
  } catch {
    return false;
  }
}

describe('start-up configuration checks of the built apps', () => {
  it.each(['ledger', 'tracer', 'reporter'] as AppName[])(
    '%s refuses MULTI_TENANT_ENABLED=true without PLUGIN_AUTH_ENABLED, naming both',
    async (app) => {
      const run = runBuiltApp(app, {
        PORT: String(await freePort()),
        MULTI_TENANT_ENABLED: 'true',
        MULTI_TENANT_URL: 'http://127.0.0.1:4000',
        MULTI_TENANT_SERVICE_API_KEY: 'key',
      });
      const code = await exitOf(run.process);
      expect(code).not.toBe(0);
      expect(run.output()).toContain('MULTI_TENANT_ENABLED');
      expect(run.output()).toContain('PLUGIN_AUTH_ENABLED');
    },
  );

  it('tenant-manager refuses to start without TENANT_MANAGER_ADMIN_KEY', async () => {
    const run = runBuiltApp('tenant-manager', { PORT: String(await freePort()) });
    expect(await exitOf(run.process)).not.toBe(0);
    expect(run.output()).toContain('TENANT_MANAGER_ADMIN_KEY');
  });

  it('ledger refuses a malformed variable, naming it', async () => {
    const run = runBuiltApp('ledger', { PORT: 'not-a-port' });
    expect(await exitOf(run.process)).not.toBe(0);
    expect(run.output()).toContain('PORT');
  });

  describe('listen address (HOST)', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('startup_host');
    });
    afterAll(async () => {
      await database.drop();
    });

    // A socket bound to 127.0.0.1 refuses connections to 127.0.0.2 (also loopback on Linux);
    // one bound to every interface accepts them. So 127.0.0.2 tells the two apart.
    it.each([
      ['without auth, on loopback only', {}, false],
      ['with HOST=0.0.0.0, on every interface', { HOST: '0.0.0.0' }, true],
      [
        'with auth on, on every interface',
        { PLUGIN_AUTH_ENABLED: 'true', AUTH_JWT_SECRET: 'x'.repeat(32) },
        true,
      ],
    ])('ledger listens %s', async (_label, env: Record<string, string>, reachable) => {
      const app = await startApp('ledger', { DATABASE_URL: database.url, ...env });
      try {
        const port = Number(new URL(app.url).port);
        expect(await answersOn('127.0.0.1', port)).toBe(true);
        expect(await answersOn('127.0.0.2', port)).toBe(reachable);
      } finally {
        await app.stop();
      }
    });
  });
});

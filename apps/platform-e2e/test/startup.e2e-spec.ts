import { exitOf, freePort, runBuiltApp, type AppName } from '../src/processes';

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
});

import { createPrivatePostgres, type PrivatePostgres } from '@finplat/testing';
import { freePort, startApp, type AppName, type RunningApp } from '../src/processes';

const ADMIN_KEY = 'dependency-faults-admin-key';

interface Target {
  app: AppName;
  database: string;
  env: Record<string, string>;
  /** A read that touches the app's database. */
  read: string;
  headers?: Record<string, string>;
  /** A write whose absence after the outage shows nothing was written. */
  write?: { path: string; body: unknown; listed: (list: unknown) => boolean };
}

const TARGETS: Target[] = [
  {
    app: 'ledger',
    database: 'ledger',
    env: {},
    read: '/v1/organizations',
    write: {
      path: '/v1/organizations',
      body: { legalName: 'Written During Outage', legalDocument: '123456789' },
      listed: (list) => JSON.stringify(list).includes('Written During Outage'),
    },
  },
  { app: 'tracer', database: 'tracer', env: {}, read: '/v1/rules' },
  { app: 'reporter', database: 'reporter', env: {}, read: '/v1/templates' },
  {
    app: 'tenant-manager',
    database: 'tenant_manager',
    env: { TENANT_MANAGER_ADMIN_KEY: ADMIN_KEY },
    read: '/v1/tenants',
    headers: { 'X-Admin-Key': ADMIN_KEY },
  },
];

interface LogLine {
  level: number;
  context?: string;
  msg?: string;
  dependency?: string;
  affected?: number;
  err?: unknown;
}

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('dependency faults: PostgreSQL stopped and restarted under each app', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await createPrivatePostgres(await freePort());
    await pg.start();
  });
  afterAll(async () => {
    await pg?.destroy();
  });

  it.each(TARGETS)(
    '$app answers 503 + Retry-After with a retryable code, writes nothing, logs the outage once',
    async (target) => {
      const app: RunningApp = await startApp(target.app, {
        LOG_LEVEL: 'warn',
        DATABASE_URL: pg.url(target.database),
        ...target.env,
      });
      const headers = { 'Content-Type': 'application/json', ...target.headers };
      const get = () => fetch(`${app.url}${target.read}`, { headers });
      let refused = 0;
      try {
        expect((await get()).status).toBe(200);

        await pg.stop();
        const responses = await Promise.all([
          ...Array.from({ length: 20 }, () => get()),
          ...(target.write
            ? Array.from({ length: 5 }, () =>
                fetch(`${app.url}${target.write!.path}`, {
                  method: 'POST',
                  headers,
                  body: JSON.stringify(target.write!.body),
                }),
              )
            : []),
        ]);
        for (const response of responses) {
          expect(response.status).toBe(503);
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(await response.json()).toMatchObject({
            code: '0095',
            title: 'Dependency Unavailable',
            retryable: true,
            message: expect.stringContaining('PostgreSQL is unavailable; nothing was written'),
          });
        }
        refused += responses.length;
        expect((await fetch(`${app.url}/readyz`)).status).toBe(503);

        await pg.start();
        await waitFor(async () => {
          const response = await get();
          if (response.status === 503) refused += 1;
          else expect(response.status).toBe(200);
          return response.status === 200;
        });
        if (target.write) {
          const list = await (await get()).json();
          expect(target.write.listed(list)).toBe(false);
        }

        // The outage closes once no request has failed for 5 s.
        await waitFor(() => /outage over/.test(app.output()), 20_000);
        const lines = logLines(app.output()).filter((line) => line.dependency === 'postgresql');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatchObject({ level: 40, context: 'DependencyOutages' });
        expect(lines[0].msg).toMatch(/^PostgreSQL unavailable/);
        // Requests refused, plus the attempts of background work (the reporter's job poller).
        expect(lines[1]).toMatchObject({ level: 40 });
        expect(lines[1].affected).toBeGreaterThanOrEqual(refused);
        if (target.app !== 'reporter') expect(lines[1].affected).toBe(refused);
        expect(logLines(app.output()).filter((line) => line.level >= 50)).toEqual([]);
      } finally {
        await app.stop();
        await pg.start();
      }
    },
  );
});

import type { INestApplication } from '@nestjs/common';
import { adminQuery, fuzzAppOver, fuzzRuns, fuzzTimeoutMs } from '@finplat/testing';
import {
  ADMIN_KEY,
  bootTenantManager,
  controlDatabaseUrl,
  dropDatabase,
  forceRemoveTenant,
  SERVICE_KEY,
  SharedInfrastructure,
} from './support/tenant-manager.harness';

/**
 * Input fuzzing (issue 12, item 7): generated malformed and boundary requests to every route
 * of tenant-manager's OpenAPI document, every one carrying the admin and a service key so that it gets past
 * authentication to the validation it is aimed at. The control-plane database is the state a
 * refused request must not change. FUZZ_RUNS sets how many, FUZZ_SEED replays a run.
 */
describe('tenant-manager: input fuzzing over every route (real PostgreSQL)', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  let app: INestApplication;

  beforeAll(async () => {
    await infrastructure.snapshot();
    app = await bootTenantManager({ DATABASE_URL: control.url });
  });

  afterAll(async () => {
    try {
      // A generated body that happened to be a valid tenant was provisioned: remove it.
      const tenants = await adminQuery<{ id: string }>(
        'SELECT id FROM tenants',
        [],
        control.name,
      ).catch(() => []);
      for (const { id } of tenants) await forceRemoveTenant(id);
    } finally {
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
    }
  });

  it(
    'answers every generated request below 500, refusals with a code and no write',
    async () => {
      const outcome = await fuzzAppOver(app, control.name, {
        name: 'tenant-manager',
        requests: {
          headers: { 'x-admin-key': ADMIN_KEY, 'x-api-key': SERVICE_KEY },
          ids: { service: ['ledger', 'tracer', 'reporter'] },
        },
      });
      expect(outcome.sent).toBe(fuzzRuns());
    },
    fuzzTimeoutMs(),
  );
});

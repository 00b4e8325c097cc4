import {
  bootFuzzedApp,
  fuzzAppOver,
  fuzzRuns,
  fuzzTimeoutMs,
  type FuzzedApp,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

/**
 * Input fuzzing (issue 12, item 7): generated malformed and boundary requests to every route
 * of the tracer's OpenAPI document, with a rule and a limit to reach. FUZZ_RUNS sets how many
 * (`npm run fuzz` runs the full count), FUZZ_SEED replays a run.
 */
describe('tracer: input fuzzing over every route (real PostgreSQL)', () => {
  let fuzzed: FuzzedApp;

  beforeAll(async () => {
    fuzzed = await bootFuzzedApp(
      'tracer_fuzz',
      (env) => AppModule.forRoot(loadTenantServiceConfig('tracer', 0, env)),
      TRACER_API_DOCS,
    );
  });

  afterAll(async () => {
    await fuzzed?.close();
  });

  it(
    'answers every generated request below 500, refusals with a code and no write',
    async () => {
      const http = request(fuzzed.app.getHttpServer());
      const account = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
      const rule = await http
        .post('/v1/rules')
        .send({ name: 'Fuzz rule', expression: 'amount > 10000.0', action: 'DENY' })
        .expect(201);
      const limit = await http
        .post('/v1/limits')
        .send({
          name: 'Fuzz cap',
          limitType: 'DAILY',
          maxAmount: '1000.00',
          currency: 'USD',
          scopes: [{ accountId: account }],
        })
        .expect(201);
      const ids = [rule.body.ruleId ?? rule.body.id, limit.body.limitId ?? limit.body.id].filter(
        (id): id is string => typeof id === 'string',
      );
      expect(ids).toHaveLength(2);
      const outcome = await fuzzAppOver(fuzzed.app, fuzzed.database.name, {
        name: 'tracer',
        requests: { anyIds: [...ids, account] },
      });
      expect(outcome.sent).toBe(fuzzRuns());
    },
    fuzzTimeoutMs(),
  );
});

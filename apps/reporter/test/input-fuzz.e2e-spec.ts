import { adminQuery, fuzzAppOver, fuzzRuns, fuzzTimeoutMs } from '@finplat/testing';
import request from 'supertest';
import { startReporter, type ReporterHarness } from './support/reporter-harness';

/**
 * Input fuzzing (issue 12, item 7): generated malformed and boundary requests to every route
 * of the reporter's OpenAPI document, with a template and a finished report to reach.
 * FUZZ_RUNS sets how many (`npm run fuzz` runs the full count), FUZZ_SEED replays a run.
 */
describe('reporter: input fuzzing over every route (real PostgreSQL)', () => {
  let harness: ReporterHarness;

  beforeAll(async () => {
    harness = await startReporter();
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Until no report is being rendered (an accepted POST /v1/reports starts one). */
  const settle = async () => {
    for (let i = 0; i < 300; i += 1) {
      const [{ n }] = await adminQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM reports WHERE status = 'Processing'`,
        [],
        harness.database.name,
      );
      if (n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('a report stayed Processing for 30 s');
  };

  it(
    'answers every generated request below 500, refusals with a code and no write',
    async () => {
      const http = request(harness.app.getHttpServer());
      const template = await http
        .post('/v1/templates')
        .attach('template', Buffer.from('{{ ds.t.0.f }}'), {
          filename: 'r.tpl',
          contentType: 'text/plain',
        })
        .field('outputFormat', 'csv')
        .field('description', 'fuzz')
        .expect(201);
      const templateId: string = template.body.id;
      const report = await http.post('/v1/reports').send({ templateId }).expect(201);
      await settle();
      const outcome = await fuzzAppOver(harness.app, harness.database.name, {
        name: 'reporter',
        requests: {
          anyIds: [templateId, report.body.id],
          ids: { datasourceId: ['ds', 'midaz_onboarding'] },
          examples: { ReportsController_create: { templateId, filters: {} } },
        },
        settle,
      });
      expect(outcome.sent).toBe(fuzzRuns());
    },
    fuzzTimeoutMs(),
  );
});

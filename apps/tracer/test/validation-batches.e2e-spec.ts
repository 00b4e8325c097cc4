import type { INestApplication } from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import {
  DEFAULT_TENANT_ID,
  loadTenantServiceConfig,
  TenantConnectionsSource,
  TenantContext,
} from '@finplat/tenancy';
import { ValidateTransactionUseCase, type ValidationOutcome } from '@finplat/tracer-validations';
import { randomUUID } from 'node:crypto';
import type { Histogram } from 'prom-client';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

type Body = Record<string, unknown>;

/**
 * Group-committed validations (decision 0021), against a real PostgreSQL. Validations handed
 * to the use case in one event-loop turn go in one batch, which the batch-size histogram
 * confirms, so each test knows exactly what shared a database transaction.
 */
describe('tracer: validation batches (single-tenant, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let useCase: ValidateTransactionUseCase;
  let batchSizes: Histogram;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_batches');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    http = request(app.getHttpServer());
    useCase = app.get(ValidateTransactionUseCase);
    batchSizes = app
      .get(MetricsRegistry)
      .registry.getSingleMetric('tracer_validation_batch_size') as Histogram;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const asSuperuser = <T extends Body = Body>(sql: string, params: unknown[] = []) =>
    adminQuery<T>(sql, params, database.name);

  const unique = (prefix: string) => `${prefix} ${Date.now()}-${(seq += 1)}`;

  const activeRule = async (body: Body) => {
    const rule = (
      await http
        .post('/v1/rules')
        .send({ name: unique('Rule'), ...body })
        .expect(201)
    ).body;
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
    return rule.ruleId as string;
  };

  const activeLimit = async (accountId: string, maxAmount: string) => {
    const limit = (
      await http
        .post('/v1/limits')
        .send({
          name: unique('Limit'),
          limitType: 'DAILY',
          maxAmount,
          currency: 'USD',
          scopes: [{ accountId }],
        })
        .expect(201)
    ).body;
    await http.post(`/v1/limits/${limit.limitId}/activate`).expect(200);
    return limit.limitId as string;
  };

  const usage = async (limitId: string) =>
    (await http.get(`/v1/limits/${limitId}/usage`).expect(200)).body.currentUsage as string;

  const payload = (accountId: string, amount: string, over: Body = {}) => ({
    requestId: randomUUID(),
    transactionType: 'CARD',
    subType: 'debit',
    amount,
    currency: 'USD',
    transactionTimestamp: new Date().toISOString(),
    account: { accountId, type: 'checking', status: 'active' },
    ...over,
  });

  const batches = async () => {
    const { values } = await batchSizes.get();
    const pick = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
    return {
      count: pick('tracer_validation_batch_size_count'),
      sum: pick('tracer_validation_batch_size_sum'),
    };
  };

  /**
   * Hands every body to the use case in the same turn (one batch), as the default tenant,
   * and answers each outcome (or error) in order, with the batches that took them.
   */
  async function inOneTurn(bodies: Body[]) {
    const connections = await app.get(TenantConnectionsSource).get(DEFAULT_TENANT_ID);
    const before = await batches();
    const outcomes = await TenantContext.run({ tenantId: DEFAULT_TENANT_ID, connections }, () =>
      Promise.allSettled(bodies.map((body) => useCase.execute(body as never))),
    );
    const after = await batches();
    return {
      outcomes,
      batchesWritten: after.count - before.count,
      validationsWritten: after.sum - before.sum,
    };
  }

  const value = (settled: PromiseSettledResult<ValidationOutcome>) => {
    if (settled.status === 'rejected') throw settled.reason;
    return settled.value;
  };

  const recordsOf = (requestIds: string[]) =>
    asSuperuser<{ request_id: string; decision: string }>(
      `SELECT request_id::text, decision FROM transaction_validations
        WHERE request_id = ANY($1::uuid[])`,
      [requestIds],
    );

  const auditEventsOf = (validationIds: string[]) =>
    asSuperuser<{ resource_id: string }>(
      `SELECT resource_id FROM audit_events
        WHERE resource_type = 'transaction' AND resource_id = ANY($1::text[])`,
      [validationIds],
    );

  it('should decide a batch of mixed decisions in arrival order, denying exactly the overflow', async () => {
    const accountId = randomUUID();
    const scopes = [{ accountId }];
    const deny = await activeRule({ expression: 'amount > 500.0', action: 'DENY', scopes });
    const review = await activeRule({
      expression: 'amount > 50.0 && amount < 60.0',
      action: 'REVIEW',
      scopes,
    });
    const limitId = await activeLimit(accountId, '100.00');
    const first = payload(accountId, '40.00');
    const bodies = [
      first, // ALLOW: 40 used
      payload(accountId, '55.00'), // REVIEW: checked (95 would fit) but consumes nothing
      payload(accountId, '600.00'), // DENY by rule: touches no counter
      payload(accountId, '50.00'), // ALLOW: 90 used
      payload(accountId, '20.00'), // 110 would pass 100: DENY by the limit
      payload(accountId, '10.00'), // ALLOW: exactly 100
      { ...first }, // the first again: its answer, not a second record
    ];

    const { outcomes, batchesWritten, validationsWritten } = await inOneTurn(bodies);

    expect({ batchesWritten, validationsWritten }).toEqual({
      batchesWritten: 1,
      validationsWritten: 7,
    });
    const answers = outcomes.map(value);
    expect(answers.map((a) => [a.created, a.response.decision, a.response.reason])).toEqual([
      [true, 'ALLOW', 'No rule matched; default decision ALLOW'],
      [true, 'REVIEW', expect.stringContaining('flagged for review')],
      [true, 'DENY', expect.stringContaining('denied by rule')],
      [true, 'ALLOW', 'No rule matched; default decision ALLOW'],
      [true, 'DENY', 'limit_exceeded'],
      [true, 'ALLOW', 'No rule matched; default decision ALLOW'],
      [false, 'ALLOW', 'No rule matched; default decision ALLOW'],
    ]);
    expect(answers[1].response.matchedRuleIds).toEqual([review]);
    expect(answers[2].response.matchedRuleIds).toEqual([deny]);
    expect(answers[2].response.limitUsageDetails).toEqual([]);
    const usageIn = (i: number) =>
      answers[i].response.limitUsageDetails.map((d) => [d.currentUsage, d.exceeded]);
    expect([0, 1, 3, 4, 5].map(usageIn)).toEqual([
      [['40', false]],
      [['95', false]],
      [['90', false]],
      [['90', true]],
      [['100', false]],
    ]);
    expect(answers[6].response.validationId).toBe(answers[0].response.validationId);
    expect(await usage(limitId)).toBe('100');

    const records = await recordsOf(bodies.map((b) => b.requestId));
    expect(records.map((r) => r.decision).sort()).toEqual(
      ['ALLOW', 'ALLOW', 'ALLOW', 'DENY', 'DENY', 'REVIEW'].sort(),
    );
    const events = await auditEventsOf(answers.map((a) => a.response.validationId));
    expect(events).toHaveLength(6);
    // Over HTTP the replay is a 200 with the stored answer.
    const replay = await http.post('/v1/validations').send(first).expect(200);
    expect(replay.body.validationId).toBe(answers[0].response.validationId);
  });

  it('should make one record and one audit event of 20 duplicates inside one batch', async () => {
    const body = payload(randomUUID(), '5.00');
    const { outcomes, batchesWritten } = await inOneTurn(
      Array.from({ length: 20 }, () => ({ ...body })),
    );
    expect(batchesWritten).toBe(1);
    const answers = outcomes.map(value);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.response.validationId)).size).toBe(1);
    expect(await recordsOf([body.requestId])).toHaveLength(1);
    expect(await auditEventsOf([answers[0].response.validationId])).toHaveLength(1);
  });

  it('should write nothing of a batch PostgreSQL refuses, then write each validation alone so only the culprit fails', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '1000.00');
    await asSuperuser(`
      CREATE FUNCTION refuse_13_13() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.amount = 13.13 THEN RAISE EXCEPTION 'test: 13.13 is refused'; END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER refuse_13_13 BEFORE INSERT ON transaction_validations
        FOR EACH ROW EXECUTE FUNCTION refuse_13_13();`);
    try {
      const bodies = ['10.00', '20.00', '13.13', '30.00'].map((a) => payload(accountId, a));
      const { outcomes, batchesWritten } = await inOneTurn(bodies);
      // One batch of four: it failed whole, then each of its validations was written alone.
      expect(batchesWritten).toBe(1);
      expect(outcomes[2]).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({ message: expect.stringContaining('13.13 is refused') }),
      });
      const answers = [0, 1, 3].map((i) => value(outcomes[i]));
      expect(answers.map((a) => [a.created, a.response.decision])).toEqual([
        [true, 'ALLOW'],
        [true, 'ALLOW'],
        [true, 'ALLOW'],
      ]);
      expect(await usage(limitId)).toBe('60');
      const records = await recordsOf(bodies.map((b) => b.requestId));
      expect(records.map((r) => r.request_id).sort()).toEqual(
        [0, 1, 3].map((i) => bodies[i].requestId).sort(),
      );
      const [{ n }] = await asSuperuser<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events
          WHERE resource_type = 'transaction' AND context->'request'->>'requestId' = ANY($1)`,
        [bodies.map((b) => b.requestId)],
      );
      expect(n).toBe(3);
    } finally {
      await asSuperuser(
        'DROP TRIGGER refuse_13_13 ON transaction_validations; DROP FUNCTION refuse_13_13();',
      );
    }
  });

  it('should chain the audit events of 5,000 concurrent validations so that the chain verifies', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '1000000.00');
    await activeRule({ expression: 'amount > 990.0', action: 'DENY', scopes: [{ accountId }] });
    const total = 5000;
    const inFlight = 64;
    let next = 0;
    const statuses: number[] = [];
    const amounts = ['1.00', '2.00', '995.00']; // two ALLOWs and a DENY by rule, in turn
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          const i = (next += 1);
          const res = await http.post('/v1/validations').send(payload(accountId, amounts[i % 3]));
          statuses.push(res.status);
        }
      }),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(total);
    const allowed = Array.from({ length: total }, (_, k) => k + 1).filter((i) => i % 3 !== 2);
    const expected = allowed.reduce((sum, i) => sum + (i % 3 === 0 ? 1 : 2), 0);
    expect(await usage(limitId)).toBe(String(expected));

    const [{ n, validations, distinct_previous }] = await asSuperuser<{
      n: number;
      validations: number;
      distinct_previous: number;
    }>(
      `SELECT count(*)::int AS n, count(DISTINCT previous_hash)::int AS distinct_previous,
               count(*) FILTER (WHERE context->'request'->'account'->>'accountId' = $1)::int
                 AS validations
          FROM audit_events`,
      [accountId],
    );
    expect(validations).toBe(total);
    expect(distinct_previous).toBe(n);
    const newest = (await http.get('/v1/audit-events').query({ limit: '1' }).expect(200)).body
      .auditEvents[0];
    const verify = await http.get(`/v1/audit-events/${newest.eventId}/verify`).expect(200);
    expect(verify.body).toEqual({ isValid: true, totalChecked: n, message: 'hash chain intact' });
  }, 300_000);

  // Last: the dependency fault it injects may leave the tenant's breaker open for a moment.
  it('should answer every caller of a batch the fail posture when the database is unavailable, writing nothing', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '1000.00');
    await asSuperuser(`
      CREATE FUNCTION shutting_down() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'test: the server is shutting down' USING ERRCODE = '57P01';
        END $$;
      CREATE TRIGGER shutting_down BEFORE INSERT ON transaction_validations
        FOR EACH ROW EXECUTE FUNCTION shutting_down();`);
    let answers: ValidationOutcome[];
    const bodies = ['10.00', '20.00', '30.00'].map((a) => payload(accountId, a));
    try {
      answers = (await inOneTurn(bodies)).outcomes.map(value);
    } finally {
      await asSuperuser(
        'DROP TRIGGER shutting_down ON transaction_validations; DROP FUNCTION shutting_down();',
      );
    }
    // TRACER_FAIL_POSTURE=open (the default): ALLOW with the warning, nothing recorded.
    expect(answers.map((a) => [a.created, a.response.decision, a.response.warning])).toEqual([
      [false, 'ALLOW', 'TRACER_FAIL_OPEN'],
      [false, 'ALLOW', 'TRACER_FAIL_OPEN'],
      [false, 'ALLOW', 'TRACER_FAIL_OPEN'],
    ]);
    expect(await recordsOf(bodies.map((b) => b.requestId))).toHaveLength(0);
    const [{ n }] = await asSuperuser<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE context->'request'->'account'->>'accountId' = $1`,
      [accountId],
    );
    expect(n).toBe(0);
    const [counter] = await asSuperuser<{ used: string }>(
      'SELECT coalesce(sum(current_usage), 0)::text AS used FROM usage_counters WHERE limit_id = $1',
      [limitId],
    );
    expect(counter.used).toBe('0');
  });
});

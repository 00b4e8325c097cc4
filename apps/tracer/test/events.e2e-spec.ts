import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  captureExchange,
  createTestDatabase,
  createVhost,
  deleteVhost,
  testEnv,
  vhostUrl,
  type CapturedMessage,
  type ExchangeCapture,
  type TestDatabase,
} from '@finplat/testing';
import {
  DEFAULT_TENANT_ID,
  loadTenantServiceConfig,
  TenantConnectionsSource,
  TenantContext,
} from '@finplat/tenancy';
import { ValidateTransactionUseCase } from '@finplat/tracer-validations';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

const ACCOUNT = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tracer's events (decision 0024): every rule and limit change is written to the tenant's
 * outbox in the transaction of the change and relayed to `tracer.events` on RABBITMQ_URL,
 * where a queue bound to the exchange receives each exactly once. Real PostgreSQL and RabbitMQ.
 */
describe('tracer: events through the outbox (single-tenant, real PostgreSQL and RabbitMQ)', () => {
  const vhost = `tracer-events-${randomBytes(3).toString('hex')}`;
  const databases: TestDatabase[] = [];
  const apps: INestApplication[] = [];
  let capture: ExchangeCapture;
  let http: ReturnType<typeof request>;
  let seq = 0;

  const boot = async (database: TestDatabase, env: Record<string, string> = {}) => {
    const config = loadTenantServiceConfig(
      'tracer',
      0,
      testEnv({ DATABASE_URL: database.url, RABBITMQ_URL: vhostUrl(vhost), ...env }),
    );
    const app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    apps.push(app);
    return request(app.getHttpServer());
  };
  const newDatabase = async () => {
    const database = await createTestDatabase('tracer_events');
    databases.push(database);
    return database;
  };
  const outboxOf = (database: TestDatabase) =>
    adminQuery<{ id: string; event_type: string }>(
      'SELECT id::text, event_type FROM outbox ORDER BY created_at, id',
      [],
      database.name,
    );

  beforeAll(async () => {
    await createVhost(vhost);
    capture = await captureExchange(vhostUrl(vhost), 'tracer.events');
    http = await boot(await newDatabase());
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await capture?.close();
    for (const database of databases) await database.drop();
    await deleteVhost(vhost);
  });

  const about = (id: string) => (m: CapturedMessage) =>
    m.body.ruleId === id || m.body.limitId === id || m.body.requestId === id;
  const typesAbout = (id: string) => capture.messages.filter(about(id)).map((m) => m.routingKey);
  const arrived = (id: string, count: number) =>
    capture.until((messages) => messages.filter(about(id)).length >= count);

  it('publishes one event per rule create, update, status change and delete, and none for a refused request', async () => {
    const name = `Evented rule ${Date.now()}-${(seq += 1)}`;
    const created = await http
      .post('/v1/rules')
      .send({ name, expression: 'amount > 100.0', action: 'DENY' })
      .expect(201);
    const id = created.body.ruleId as string;
    // Refused before or during the change: a taken name, an illegal transition, a bad
    // expression, deleting an ACTIVE rule. None of them may publish anything.
    await http
      .post('/v1/rules')
      .send({ name, expression: 'amount > 1.0', action: 'DENY' })
      .expect(409);
    await http.post(`/v1/rules/${id}/deactivate`).expect(422);
    await http.patch(`/v1/rules/${id}`).send({ expression: 'amount >' }).expect(400);
    await http.patch(`/v1/rules/${id}`).send({ description: 'Big ones' }).expect(200);
    await http.post(`/v1/rules/${id}/activate`).expect(200);
    await http.post(`/v1/rules/${id}/activate`).expect(200); // already ACTIVE: a no-op
    await http.delete(`/v1/rules/${id}`).expect(422);
    await http.post(`/v1/rules/${id}/deactivate`).expect(200);
    await http.post(`/v1/rules/${id}/draft`).expect(200);
    await http.delete(`/v1/rules/${id}`).expect(204);

    // The relay keeps a tenant's creation order, so a refused request's event would show.
    await arrived(id, 6);
    await sleep(500); // anything extra (a duplicate, a stray event) has time to arrive
    expect(typesAbout(id)).toEqual([
      'rule.created',
      'rule.updated',
      'rule.activated',
      'rule.deactivated',
      'rule.drafted',
      'rule.deleted',
    ]);
    const [first, updated, , , , deleted] = capture.messages.filter(about(id));
    expect(first.body).toEqual({
      id: first.messageId,
      type: 'rule.created',
      occurredAt: created.body.updatedAt,
      ruleId: id,
      rule: created.body,
    });
    expect(updated.body).toMatchObject({ rule: { description: 'Big ones', status: 'DRAFT' } });
    expect(deleted.body).toMatchObject({
      type: 'rule.deleted',
      rule: { ruleId: id, status: 'DELETED', deletedAt: expect.any(String) },
    });
  });

  it('publishes one event per limit change, with maxAmount exact, and none for a refused request', async () => {
    const name = `Evented limit ${Date.now()}-${(seq += 1)}`;
    const body = {
      name,
      limitType: 'DAILY',
      maxAmount: '1000.10',
      currency: 'USD',
      scopes: [{ accountId: ACCOUNT }],
    };
    const created = await http.post('/v1/limits').send(body).expect(201);
    const id = created.body.limitId as string;
    await http.post('/v1/limits').send(body).expect(409);
    await http.patch(`/v1/limits/${id}`).send({ maxAmount: '0' }).expect(400);
    await http.patch(`/v1/limits/${id}`).send({ maxAmount: '123456789012.123456789' }).expect(200);
    await http.post(`/v1/limits/${id}/activate`).expect(200);
    await http.delete(`/v1/limits/${id}`).expect(422);
    await http.post(`/v1/limits/${id}/deactivate`).expect(200);
    await http.post(`/v1/limits/${id}/draft`).expect(200);
    await http.delete(`/v1/limits/${id}`).expect(204);

    await arrived(id, 6);
    await sleep(500);
    expect(typesAbout(id)).toEqual([
      'limit.created',
      'limit.updated',
      'limit.activated',
      'limit.deactivated',
      'limit.drafted',
      'limit.deleted',
    ]);
    const events = capture.messages.filter(about(id));
    expect(events[0].body).toMatchObject({ limitId: id, limit: { maxAmount: '1000.10' } });
    expect(events[1].body).toMatchObject({
      limit: { maxAmount: '123456789012.123456789', status: 'DRAFT' },
    });
  });

  it('publishes one event per recorded validation, named after its decision, and none for a replay or a refused request', async () => {
    const account = { accountId: randomUUID(), type: 'checking', status: 'active' };
    const scopes = [{ accountId: account.accountId }];
    const activeRule = async (expression: string, action: string) => {
      const rule = await http
        .post('/v1/rules')
        .send({ name: `Validation events ${seq++}`, expression, action, scopes })
        .expect(201);
      await http.post(`/v1/rules/${rule.body.ruleId}/activate`).expect(200);
    };
    await activeRule('amount > 500.0', 'DENY');
    await activeRule('transactionType == "PIX"', 'REVIEW');
    const limit = await http
      .post('/v1/limits')
      .send({
        name: `Validation events cap ${seq++}`,
        limitType: 'DAILY',
        maxAmount: '150.00',
        currency: 'USD',
        scopes,
      })
      .expect(201);
    await http.post(`/v1/limits/${limit.body.limitId}/activate`).expect(200);
    const payload = (amount: string, transactionType = 'CARD') => ({
      requestId: randomUUID(),
      transactionType,
      amount,
      currency: 'USD',
      transactionTimestamp: new Date().toISOString(),
      account,
    });
    const validate = async (body: Record<string, unknown>, status = 201) =>
      (await http.post('/v1/validations').send(body).expect(status)).body;

    const allowed = payload('100.10');
    const answers = [
      await validate(allowed), // ALLOW, 100.10 of 150.00 used
      await validate(payload('10.00', 'PIX')), // REVIEW: consumes nothing
      await validate(payload('600.00')), // DENY by rule
      await validate(payload('60.00')), // DENY: the limit would pass 150.00
    ];
    expect(answers.map((a) => a.decision)).toEqual(['ALLOW', 'REVIEW', 'DENY', 'DENY']);
    await validate(allowed, 200); // a replay: the stored answer, no second event
    const refused = payload('ten');
    await validate(refused, 400);
    // Concurrent ones go through the tenant's batches: one event each too.
    const together = await Promise.all(
      Array.from({ length: 5 }, () => validate(payload('1.00', 'PIX'))),
    );

    for (const answer of [...answers, ...together]) await arrived(answer.requestId, 1);
    await sleep(500);
    const routingKeys = answers.map((a) => typesAbout(a.requestId));
    expect(routingKeys).toEqual([
      ['validation.allowed'],
      ['validation.review'],
      ['validation.denied'],
      ['validation.denied'],
    ]);
    for (const answer of together)
      expect(typesAbout(answer.requestId)).toEqual(['validation.review']);
    expect(typesAbout(refused.requestId)).toEqual([]);
    const [event] = capture.messages.filter(about(allowed.requestId));
    expect(event.body).toEqual({
      id: event.messageId,
      type: 'validation.allowed',
      occurredAt: answers[0].evaluatedAt,
      validationId: answers[0].validationId,
      requestId: allowed.requestId,
      decision: 'ALLOW',
      transactionType: 'CARD',
      amount: '100.10',
      currency: 'USD',
      accountId: account.accountId,
      validation: answers[0],
    });
  });

  it('publishes nothing for a validation whose batch PostgreSQL refused', async () => {
    const [app] = apps;
    const [database] = databases;
    await adminQuery(
      `CREATE FUNCTION refuse_13_13() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.amount = 13.13 THEN RAISE EXCEPTION 'test: 13.13 is refused'; END IF;
           RETURN NEW;
         END $$;
       CREATE TRIGGER refuse_13_13 BEFORE INSERT ON transaction_validations
         FOR EACH ROW EXECUTE FUNCTION refuse_13_13();`,
      [],
      database.name,
    );
    try {
      const account = { accountId: randomUUID(), type: 'checking', status: 'active' };
      const bodies = ['10.00', '13.13', '20.00'].map((amount) => ({
        requestId: randomUUID(),
        transactionType: 'CARD',
        amount,
        currency: 'USD',
        transactionTimestamp: new Date().toISOString(),
        account,
      }));
      // Handed over in one turn: one batch, which fails whole and is then written one by one.
      const useCase = app.get(ValidateTransactionUseCase);
      const connections = await app.get(TenantConnectionsSource).get(DEFAULT_TENANT_ID);
      const outcomes = await TenantContext.run({ tenantId: DEFAULT_TENANT_ID, connections }, () =>
        Promise.allSettled(bodies.map((body) => useCase.execute(body as never))),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      await arrived(bodies[0].requestId, 1);
      await arrived(bodies[2].requestId, 1);
      await sleep(500);
      expect(bodies.map((b) => typesAbout(b.requestId))).toEqual([
        ['validation.allowed'],
        [],
        ['validation.allowed'],
      ]);
    } finally {
      await adminQuery(
        'DROP TRIGGER refuse_13_13 ON transaction_validations; DROP FUNCTION refuse_13_13();',
        [],
        database.name,
      );
    }
  });

  it('delivers each event once, as the AMQP messageId, and empties the outbox', async () => {
    const ids = capture.messages.map((m) => m.messageId);
    expect(ids.length).toBeGreaterThanOrEqual(12 + 9 + 2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of capture.messages) {
      expect(m.body.id).toBe(m.messageId);
      expect(m.body.type).toBe(m.routingKey);
    }
    expect(await outboxOf(databases[0])).toEqual([]);
  });

  it('with RUN_MODE=api only writes the events; a RUN_MODE=worker instance relays them', async () => {
    const database = await newDatabase();
    const api = await boot(database, { RUN_MODE: 'api' });
    const created = await api
      .post('/v1/rules')
      .send({ name: `Split ${seq++}`, expression: 'amount > 1.0', action: 'REVIEW' })
      .expect(201);
    const id = created.body.ruleId as string;
    await api.post(`/v1/rules/${id}/activate`).expect(200);
    await sleep(1_000);
    expect(typesAbout(id)).toEqual([]);
    expect((await outboxOf(database)).map((r) => r.event_type)).toEqual([
      'rule.created',
      'rule.activated',
    ]);

    await boot(database, { RUN_MODE: 'worker' });
    await arrived(id, 2);
    expect(typesAbout(id)).toEqual(['rule.created', 'rule.activated']);
    const deadline = Date.now() + 10_000;
    while ((await outboxOf(database)).length > 0 && Date.now() < deadline) await sleep(100);
    expect(await outboxOf(database)).toEqual([]);
  });
});

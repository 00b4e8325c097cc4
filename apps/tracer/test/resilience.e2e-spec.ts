import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { loadTracerOptions } from '@finplat/tracer-domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

/** Two instances on one database: the rule cache across them, and TRACER_FAIL_POSTURE. */
describe('tracer: rule cache across instances and fail posture (real PostgreSQL)', () => {
  let database: TestDatabase;
  let open: INestApplication;
  let closed: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_resilience');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    open = await bootApp(
      AppModule.forRoot(config, loadTracerOptions({ TRACER_FAIL_POSTURE: 'open' })),
      TRACER_API_DOCS,
    );
    closed = await bootApp(
      AppModule.forRoot(config, loadTracerOptions({ TRACER_FAIL_POSTURE: 'closed' })),
      TRACER_API_DOCS,
    );
  });

  afterAll(async () => {
    await adminQuery(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    await open?.close();
    await closed?.close();
    await database?.drop();
  });

  const payload = (accountId: string) => ({
    requestId: randomUUID(),
    transactionType: 'CARD',
    amount: '10.00',
    currency: 'USD',
    transactionTimestamp: new Date().toISOString(),
    account: { accountId, type: 'checking', status: 'active' },
  });

  it('should put a rule activated on one instance in force on the other within a second', async () => {
    const a = request(open.getHttpServer());
    const b = request(closed.getHttpServer());
    const accountId = randomUUID();
    // Instance b caches the tenant's (empty) rules first.
    expect(
      (await b.post('/v1/validations').send(payload(accountId)).expect(201)).body.decision,
    ).toBe('ALLOW');
    const rule = (
      await a
        .post('/v1/rules')
        .send({
          name: `Deny ${accountId}`,
          expression: 'true',
          action: 'DENY',
          scopes: [{ accountId }],
        })
        .expect(201)
    ).body;
    await a.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
    // Instance a wrote through: in force at once.
    expect(
      (await a.post('/v1/validations').send(payload(accountId)).expect(201)).body.decision,
    ).toBe('DENY');
    let decision = '';
    const deadline = Date.now() + 1_000;
    while (Date.now() < deadline && decision !== 'DENY') {
      decision = (await b.post('/v1/validations').send(payload(accountId)).expect(201)).body
        .decision;
      if (decision !== 'DENY') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(decision).toBe('DENY');

    await a.post(`/v1/rules/${rule.ruleId}/deactivate`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      (await b.post('/v1/validations').send(payload(accountId)).expect(201)).body.decision,
    ).toBe('ALLOW');
  });

  it('should answer per TRACER_FAIL_POSTURE when the database is unreachable, never 500', async () => {
    await adminQuery(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await adminQuery(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database.name],
    );
    const accountId = randomUUID();
    const allowed = await request(open.getHttpServer())
      .post('/v1/validations')
      .send(payload(accountId));
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ decision: 'ALLOW', warning: 'TRACER_FAIL_OPEN' });
    const metrics = await request(open.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/tracer_fail_open_total\{[^}]*\} [1-9]/);

    const refused = await request(closed.getHttpServer())
      .post('/v1/validations')
      .send(payload(accountId));
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('TRC-0503');
    expect(refused.headers['retry-after']).toBe('5');

    await adminQuery(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    const back = await request(closed.getHttpServer())
      .post('/v1/validations')
      .send(payload(accountId));
    expect(back.status).toBe(201);
  });
});

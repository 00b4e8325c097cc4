import type { INestApplication } from '@nestjs/common';
import { bootApp, createTestDatabase, testEnv, type TestDatabase } from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

const ACCOUNT = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('tracer: limits (single-tenant, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_limits');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const body = (over: Record<string, unknown> = {}) => ({
    name: `Cap ${Date.now()}-${(seq += 1)}`,
    limitType: 'DAILY',
    maxAmount: '1000.00',
    currency: 'USD',
    scopes: [{ accountId: ACCOUNT }],
    ...over,
  });
  const create = (over: Record<string, unknown> = {}) => http.post('/v1/limits').send(body(over));

  it('should create a limit in DRAFT, echoing maxAmount exactly, and read it back', async () => {
    const res = await create({ maxAmount: '1234567890.123456789' }).expect(201);
    expect(res.body).toMatchObject({
      limitType: 'DAILY',
      maxAmount: '1234567890.123456789',
      currency: 'USD',
      status: 'DRAFT',
      scopes: [{ accountId: ACCOUNT }],
      description: null,
      activeTimeStart: null,
      deletedAt: null,
    });
    expect(res.body.resetAt).toMatch(/T00:00:00.000Z$/);
    const again = await http.get(`/v1/limits/${res.body.limitId}`).expect(200);
    expect(again.body).toEqual(res.body);
  });

  it.each([
    [{ maxAmount: '0' }, 'maxAmount'],
    [{ maxAmount: 100 }, 'maxAmount'],
    [{ maxAmount: '-5.00' }, 'maxAmount'],
    [{ maxAmount: '1e3' }, 'maxAmount'],
    [{ currency: 'usd' }, 'currency'],
    [{ currency: 'US' }, 'currency'],
    [{ scopes: [] }, 'scopes'],
    [{ scopes: [{}] }, 'scopes.0'],
    [{ limitType: 'HOURLY' }, 'limitType'],
    [{ name: 'bad<name>' }, 'name'],
    [{ description: '<script>' }, 'description'],
    [{ activeTimeStart: '09:00' }, 'activeTimeEnd'],
    [{ activeTimeStart: '09:00', activeTimeEnd: '09:00' }, 'activeTimeEnd'],
    [{ activeTimeStart: '25:00', activeTimeEnd: '09:00' }, 'activeTimeStart'],
    [{ limitType: 'CUSTOM' }, 'customStartDate'],
    [
      {
        limitType: 'CUSTOM',
        customStartDate: '2026-01-01T00:00:00Z',
        customEndDate: '2032-01-02T00:00:00Z',
      },
      'customEndDate',
    ],
    [
      { customStartDate: '2026-01-01T00:00:00Z', customEndDate: '2026-02-01T00:00:00Z' },
      'customStartDate',
    ],
  ])('should refuse %j with 400 naming %s', async (over, field) => {
    const res = await create(over).expect(400);
    expect(res.body.fields ?? {}).toHaveProperty([field]);
  });

  it('should accept an overnight window and a custom period within 5 years', async () => {
    await create({ activeTimeStart: '22:00', activeTimeEnd: '06:00' }).expect(201);
    const custom = await create({
      limitType: 'CUSTOM',
      customStartDate: '2026-01-01T00:00:00Z',
      customEndDate: '2030-12-31T00:00:00Z',
    }).expect(201);
    expect(custom.body.resetAt).toBe('2031-01-01T00:00:00.000Z');
    const perTx = await create({ limitType: 'PER_TRANSACTION' }).expect(201);
    expect(perTx.body.resetAt).toBeNull();
  });

  it('should refuse a duplicate name with 409 TRC-0201', async () => {
    const first = await create().expect(201);
    const res = await create({ name: first.body.name.toUpperCase() }).expect(409);
    expect(res.body.code).toBe('TRC-0201');
  });

  it('should walk the lifecycle and delete only from DRAFT or INACTIVE', async () => {
    const { limitId } = (await create().expect(201)).body;
    expect((await http.post(`/v1/limits/${limitId}/activate`).expect(200)).body.status).toBe(
      'ACTIVE',
    );
    const refused = await http.delete(`/v1/limits/${limitId}`).expect(422);
    expect(refused.body.code).toBe('TRC-0102');
    expect(refused.body.message).toContain('Limit');
    await http.post(`/v1/limits/${limitId}/activate`).expect(200);
    await http.post(`/v1/limits/${limitId}/draft`).expect(422);
    await http.post(`/v1/limits/${limitId}/deactivate`).expect(200);
    await http.post(`/v1/limits/${limitId}/draft`).expect(200);
    await http.delete(`/v1/limits/${limitId}`).expect(204);
    const gone = await http.get(`/v1/limits/${limitId}`).expect(404);
    expect(gone.body.code).toBe('TRC-0200');
    const trail = await http
      .get('/v1/audit-events')
      .query({ resource_id: limitId, sort_order: 'ASC' })
      .expect(200);
    expect(trail.body.auditEvents.map((e: { eventType: string }) => e.eventType)).toEqual([
      'LIMIT_CREATED',
      'LIMIT_ACTIVATED',
      'LIMIT_DEACTIVATED',
      'LIMIT_DRAFTED',
      'LIMIT_DELETED',
    ]);
  });

  it('should patch only what is sent, refuse an empty patch and a change of type or currency', async () => {
    const { limitId } = (await create().expect(201)).body;
    const res = await http
      .patch(`/v1/limits/${limitId}`)
      .send({ maxAmount: '250.50', description: 'lower' })
      .expect(200);
    expect(res.body).toMatchObject({
      maxAmount: '250.50',
      description: 'lower',
      limitType: 'DAILY',
    });
    expect((await http.patch(`/v1/limits/${limitId}`).send({}).expect(400)).body.code).toBe(
      'TRC-0002',
    );
    await http.patch(`/v1/limits/${limitId}`).send({ currency: 'EUR' }).expect(400);
    await http.patch(`/v1/limits/${limitId}`).send({ limitType: 'MONTHLY' }).expect(400);
    await http.patch(`/v1/limits/${randomUUID()}`).send({ maxAmount: '1' }).expect(404);
  });

  it('should list with filters and walk pages by max_amount', async () => {
    const type = 'WEEKLY';
    for (const amount of ['10.00', '20.00', '30.00'])
      await create({ limitType: type, maxAmount: amount });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await http
        .get('/v1/limits')
        .query({
          limit_type: 'weekly',
          limit: '2',
          sort_by: 'max_amount',
          sort_order: 'ASC',
          ...(cursor ? { cursor } : {}),
        })
        .expect(200);
      seen.push(...page.body.limits.map((l: { maxAmount: string }) => l.maxAmount));
      cursor = page.body.hasMore ? page.body.nextCursor : undefined;
    } while (cursor);
    expect(seen).toEqual(['10.00', '20.00', '30.00']);
    const byAccount = await http.get('/v1/limits').query({ account_id: ACCOUNT }).expect(200);
    expect(byAccount.body.limits.length).toBeGreaterThan(0);
    await http.get('/v1/limits').query({ sort_by: 'currency' }).expect(400);
  });

  it('should answer a zero usage snapshot for a fresh limit', async () => {
    const { limitId } = (await create({ limitType: 'MONTHLY' }).expect(201)).body;
    const usage = await http.get(`/v1/limits/${limitId}/usage`).expect(200);
    expect(usage.body).toMatchObject({
      limitId,
      limitAmount: '1000.00',
      currentUsage: '0',
      utilizationPercent: 0,
      nearLimit: false,
    });
    expect(usage.body.resetAt).toMatch(/-01T00:00:00.000Z$/);
  });
});

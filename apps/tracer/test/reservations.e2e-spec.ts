import type { INestApplication } from '@nestjs/common';
import { bootApp, createTestDatabase, testEnv, type TestDatabase } from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { loadTracerOptions } from '@finplat/tracer-domain';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

describe('tracer: reservations, the ledger seam (single-tenant, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_reservations');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    // Short holds so the reaper can be watched at work.
    const options = loadTracerOptions({
      RESERVATION_TTL_SEC: '2',
      RESERVATION_REAPER_INTERVAL_SEC: '1',
    });
    app = await bootApp(AppModule.forRoot(config, options), TRACER_API_DOCS);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const activeLimit = async (accountId: string, maxAmount = '100.00') => {
    const limit = (
      await http
        .post('/v1/limits')
        .send({
          name: `Limit ${Date.now()}-${(seq += 1)}`,
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

  const reserve = (accountId: string, amount: string, over: Record<string, unknown> = {}) =>
    http.post('/v1/reservations').send({
      transactionId: randomUUID(),
      amount,
      currency: 'USD',
      transactionTimestamp: new Date().toISOString(),
      account: { accountId, type: 'checking', status: 'active' },
      // Long-lived unless a test says otherwise: this suite's reaper frees short holds in 2 s.
      longLived: true,
      ...over,
    });

  const usage = async (limitId: string) =>
    (await http.get(`/v1/limits/${limitId}/usage`).expect(200)).body.currentUsage as string;

  const validate = (accountId: string, amount: string) =>
    http.post('/v1/validations').send({
      requestId: randomUUID(),
      transactionType: 'CARD',
      amount,
      currency: 'USD',
      transactionTimestamp: new Date().toISOString(),
      account: { accountId, type: 'checking', status: 'active' },
    });

  it('should hold capacity that validations then see, and answer denied holding nothing', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId);
    const held = await reserve(accountId, '70.00', { longLived: true }).expect(200);
    expect(held.body).toMatchObject({ denied: false });
    expect(held.body.reservationIds).toHaveLength(1);
    expect(await usage(limitId)).toBe('70');
    expect((await validate(accountId, '40.00').expect(201)).body.decision).toBe('DENY');
    const denied = await reserve(accountId, '40.00').expect(200);
    expect(denied.body).toEqual({
      transactionId: denied.body.transactionId,
      denied: true,
      reservationIds: [],
      decision: 'DENY',
      reason: 'limit_exceeded',
      matchedRuleIds: [],
    });
    expect(await usage(limitId)).toBe('70');
  });

  it('should answer the same reservations when a transaction reserves again', async () => {
    const accountId = randomUUID();
    await activeLimit(accountId);
    const transactionId = randomUUID();
    const first = await reserve(accountId, '10.00', { transactionId }).expect(200);
    const again = await reserve(accountId, '10.00', { transactionId }).expect(200);
    expect(again.body).toEqual(first.body);
  });

  // Reservations and settlements by transaction id are group-committed (decision 0023): the
  // duplicates below mostly meet in one batch, and must still hold and move exactly once.
  it('should hold once for concurrent reserves of one transaction, and settle it once by transaction id', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId);
    const transactionId = randomUUID();
    const reserves = await Promise.all(
      Array.from({ length: 20 }, () => reserve(accountId, '10.00', { transactionId })),
    );
    expect(reserves.every((r) => r.status === 200 && !r.body.denied)).toBe(true);
    const ids = reserves[0].body.reservationIds;
    expect(ids).toHaveLength(1);
    expect(reserves.every((r) => r.body.reservationIds[0] === ids[0])).toBe(true);
    expect(await usage(limitId)).toBe('10');
    const confirms = await Promise.all(
      Array.from({ length: 20 }, () =>
        http.post(`/v1/reservations/transaction/${transactionId}/confirm`),
      ),
    );
    expect(confirms.every((r) => r.status === 200)).toBe(true);
    expect(confirms.map((r) => r.body.flipped).sort()).toEqual([
      ...Array.from({ length: 19 }, () => 0),
      1,
    ]);
    expect(await usage(limitId)).toBe('10');
    const trail = await http.get('/v1/audit-events').query({ resource_id: ids[0] }).expect(200);
    expect(trail.body.auditEvents.map((e: { eventType: string }) => e.eventType)).toEqual([
      'RESERVATION_CONFIRMED',
    ]);
  }, 60_000);

  it('should never hold more than the limit under concurrency', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '500.00');
    const responses = await Promise.all(
      // Long-lived, so the 2-second reaper of this suite cannot free capacity meanwhile.
      Array.from({ length: 100 }, () => reserve(accountId, '10.00', { longLived: true })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => !r.body.denied)).toHaveLength(50);
    expect(await usage(limitId)).toBe('500');
  }, 60_000);

  it('should confirm exactly once under concurrent confirms, then refuse a release of nothing', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId);
    const [id] = (await reserve(accountId, '30.00', { longLived: true }).expect(200)).body
      .reservationIds;
    const confirms = await Promise.all(
      Array.from({ length: 20 }, () => http.post(`/v1/reservations/${id}/confirm`)),
    );
    expect(confirms.every((r) => r.status === 200 && r.body.status === 'CONFIRMED')).toBe(true);
    expect(await usage(limitId)).toBe('30');
    const trail = await http.get('/v1/audit-events').query({ resource_id: id }).expect(200);
    expect(trail.body.auditEvents.map((e: { eventType: string }) => e.eventType)).toEqual([
      'RESERVATION_CONFIRMED',
    ]);
    // A reverted posting releases its confirmed capacity, once.
    await http.post(`/v1/reservations/${id}/release`).expect(200);
    await http.post(`/v1/reservations/${id}/release`).expect(200);
    expect(await usage(limitId)).toBe('0');
    const refused = await http.post(`/v1/reservations/${id}/confirm`).expect(422);
    expect(refused.body.code).toBe('TRC-0251');
    await http.post(`/v1/reservations/${randomUUID()}/confirm`).expect(404);
  });

  it('should settle by transaction id and report how many flipped', async () => {
    const accountId = randomUUID();
    const first = await activeLimit(accountId);
    const second = await activeLimit(accountId, '50.00');
    const transactionId = randomUUID();
    const held = await reserve(accountId, '20.00', { transactionId }).expect(200);
    expect(held.body.reservationIds).toHaveLength(2);
    const released = await http
      .post(`/v1/reservations/transaction/${transactionId}/release`)
      .expect(200);
    expect(released.body).toEqual({ transactionId, status: 'RELEASED', flipped: 2 });
    const again = await http
      .post(`/v1/reservations/transaction/${transactionId}/release`)
      .expect(200);
    expect(again.body.flipped).toBe(0);
    expect(await usage(first)).toBe('0');
    expect(await usage(second)).toBe('0');
    const other = randomUUID();
    await reserve(accountId, '5.00', { transactionId: other }).expect(200);
    const confirmed = await http.post(`/v1/reservations/transaction/${other}/confirm`).expect(200);
    expect(confirmed.body).toEqual({ transactionId: other, status: 'CONFIRMED', flipped: 2 });
    expect(await usage(second)).toBe('5');
  });

  it('should settle holds on several counters while validations batch on them, without a deadlock', async () => {
    // Each transaction holds on two counters; settling them and a validation batch lock the same
    // rows, so they must take them in one order (counters by key, then the audit chain head).
    const accountId = randomUUID();
    const first = await activeLimit(accountId, '100000.00');
    const second = await activeLimit(accountId, '100000.00');
    const transactions = Array.from({ length: 24 }, () => randomUUID());
    for (const transactionId of transactions) {
      await reserve(accountId, '1.00', { transactionId }).expect(200);
    }
    const settled = transactions.map((transactionId) =>
      http.post(`/v1/reservations/transaction/${transactionId}/confirm`),
    );
    const validated = Array.from({ length: 48 }, () => validate(accountId, '1.00'));
    const [settlements, validations] = await Promise.all([
      Promise.all(settled),
      Promise.all(validated),
    ]);
    expect(settlements.map((r) => r.status)).toEqual(transactions.map(() => 200));
    expect(settlements.every((r) => r.body.flipped === 2)).toBe(true);
    expect(validations.map((r) => r.status)).toEqual(validated.map(() => 201));
    expect(validations.every((r) => r.body.decision === 'ALLOW')).toBe(true);
    // 24 confirmed holds and 48 allowed validations of 1.00 on each counter.
    expect(await usage(first)).toBe('72');
    expect(await usage(second)).toBe('72');
  });

  it('should let the reaper expire holds past their TTL and give the capacity back', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId);
    const [id] = (await reserve(accountId, '60.00', { longLived: false }).expect(200)).body
      .reservationIds;
    expect(await usage(limitId)).toBe('60');
    for (let i = 0; i < 50 && (await usage(limitId)) !== '0'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await usage(limitId)).toBe('0');
    const refused = await http.post(`/v1/reservations/${id}/confirm`).expect(422);
    expect(refused.body.message).toContain('EXPIRED');
  }, 30_000);

  const activeRule = async (accountId: string, expression: string, action: string) => {
    const rule = (
      await http
        .post('/v1/rules')
        .send({
          name: `Rule ${Date.now()}-${(seq += 1)}`,
          expression,
          action,
          scopes: [{ accountId }],
        })
        .expect(201)
    ).body;
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
    return rule.ruleId as string;
  };

  it('should answer the rules decision: DENY holds nothing, REVIEW and ALLOW hold', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '1000.00');
    const denyRule = await activeRule(accountId, 'amount > 500.0', 'DENY');
    const reviewRule = await activeRule(accountId, 'amount > 100.0', 'REVIEW');

    const denied = await reserve(accountId, '600.00', { longLived: false }).expect(200);
    expect(denied.body).toMatchObject({ denied: true, reservationIds: [], decision: 'DENY' });
    expect(denied.body.reason).toContain('denied by rule');
    expect(denied.body.matchedRuleIds.sort()).toEqual([denyRule, reviewRule].sort());
    expect(await usage(limitId)).toBe('0');

    const review = await reserve(accountId, '200.00', { longLived: false }).expect(200);
    expect(review.body).toMatchObject({ denied: false, decision: 'REVIEW' });
    expect(review.body.reason).toContain('flagged for review');
    expect(review.body.reservationIds).toHaveLength(1);
    // A hold for review waits for a person: the long TTL, not this suite's 2 s one.
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    const { rows } = await pg
      .query<{ ttl: number }>(
        `SELECT extract(epoch FROM reservation_expires_at - created_at)::int AS ttl
           FROM usage_reservations WHERE id = $1`,
        [review.body.reservationIds[0]],
      )
      .finally(() => pg.end());
    expect(rows[0].ttl).toBeGreaterThan(3600);

    const allow = await reserve(accountId, '50.00').expect(200);
    expect(allow.body).toMatchObject({ denied: false, decision: 'ALLOW', matchedRuleIds: [] });
    expect(allow.body.reason).toContain('default decision ALLOW');
    expect(await usage(limitId)).toBe('250');

    const other = randomUUID();
    await activeLimit(other, '100.00');
    const over = await reserve(other, '150.00').expect(200);
    expect(over.body).toMatchObject({ denied: true, decision: 'DENY', reason: 'limit_exceeded' });
  });

  // The ledger's calls (decision 0028): many reserves in one request, many settlements in one.
  const item = (accountId: string, amount: string, over: Record<string, unknown> = {}) => ({
    transactionId: randomUUID(),
    amount,
    currency: 'USD',
    transactionTimestamp: new Date().toISOString(),
    account: { accountId, type: 'checking', status: 'active' },
    longLived: true,
    ...over,
  });

  it('should reserve a batch item by item: bad items get their own 4xx, the others hold', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId);
    const good = item(accountId, '30.00');
    const over = item(accountId, '80.00');
    const res = await http
      .post('/v1/reservations/batch')
      .send({
        reservations: [
          good,
          item(accountId, 'ten'),
          over,
          item(accountId, '5.00', { currency: 'usd' }),
          item(accountId, '1.00', { unknownField: true }),
          { ...good },
        ],
      })
      .expect(200);
    const results = res.body.results;
    expect(results.map((r: { status: number }) => r.status)).toEqual([
      200, 400, 200, 400, 400, 200,
    ]);
    expect(results[0].reservation).toMatchObject({
      transactionId: good.transactionId,
      denied: false,
      decision: 'ALLOW',
    });
    expect(results[0].reservation.reservationIds).toHaveLength(1);
    expect(results[1].error).toMatchObject({ code: expect.any(String) });
    expect(JSON.stringify(results[1].error.fields)).toContain('amount');
    expect(JSON.stringify(results[3].error.fields)).toContain('currency');
    expect(results[4].error.message).toContain('unknownField');
    // 30 held, so 80 more would pass 100: denied, holding nothing.
    expect(results[2].reservation).toMatchObject({ denied: true, reason: 'limit_exceeded' });
    // The same transaction twice in a batch holds once.
    expect(results[5].reservation).toEqual(results[0].reservation);
    expect(await usage(limitId)).toBe('30');

    const settled = await http
      .post('/v1/reservations/transactions/settle')
      .send({
        settlements: [
          { transactionId: good.transactionId, action: 'confirm' },
          { transactionId: good.transactionId, action: 'confirm' },
          { transactionId: over.transactionId, action: 'release' },
        ],
      })
      .expect(200);
    expect(settled.body.results).toEqual([
      { transactionId: good.transactionId, status: 'CONFIRMED', flipped: 1 },
      { transactionId: good.transactionId, status: 'CONFIRMED', flipped: 0 },
      { transactionId: over.transactionId, status: 'RELEASED', flipped: 0 },
    ]);
    expect(await usage(limitId)).toBe('30');
    const [holdId] = results[0].reservation.reservationIds;
    const trail = await http.get('/v1/audit-events').query({ resource_id: holdId }).expect(200);
    expect(trail.body.auditEvents.map((e: { eventType: string }) => e.eventType)).toEqual([
      'RESERVATION_CONFIRMED',
    ]);
    // A revert: released in a batch, the capacity comes back.
    await http
      .post('/v1/reservations/transactions/settle')
      .send({ settlements: [{ transactionId: good.transactionId, action: 'release' }] })
      .expect(200);
    expect(await usage(limitId)).toBe('0');
  });

  it('should never hold more than the limit when batches race each other and single reserves', async () => {
    const accountId = randomUUID();
    const limitId = await activeLimit(accountId, '500.00');
    const batches = Array.from({ length: 8 }, () =>
      http
        .post('/v1/reservations/batch')
        .send({ reservations: Array.from({ length: 10 }, () => item(accountId, '10.00')) }),
    );
    const singles = Array.from({ length: 20 }, () => reserve(accountId, '10.00'));
    const [batched, single] = await Promise.all([Promise.all(batches), Promise.all(singles)]);
    expect(batched.every((r) => r.status === 200)).toBe(true);
    expect(single.every((r) => r.status === 200)).toBe(true);
    const answers = [
      ...batched.flatMap((r) =>
        r.body.results.map((x: { status: number; reservation: unknown }) => {
          expect(x.status).toBe(200);
          return x.reservation as { denied: boolean; transactionId: string };
        }),
      ),
      ...single.map((r) => r.body as { denied: boolean; transactionId: string }),
    ];
    const held = answers.filter((a) => !a.denied);
    expect(held).toHaveLength(50);
    expect(await usage(limitId)).toBe('500');
    // Settling them all in concurrent batches moves each hold once.
    const ids = held.map((a) => a.transactionId);
    const settles = await Promise.all(
      [0, 1, 2].map(() =>
        http.post('/v1/reservations/transactions/settle').send({
          settlements: ids.map((transactionId) => ({ transactionId, action: 'release' })),
        }),
      ),
    );
    const flipped = settles.flatMap((r) =>
      r.body.results.map((x: { flipped: number }) => x.flipped),
    );
    expect(flipped.reduce((sum: number, n: number) => sum + n, 0)).toBe(50);
    expect(await usage(limitId)).toBe('0');
  }, 60_000);

  it('should refuse a malformed batch whole: empty, too long, a bad settlement', async () => {
    await http.post('/v1/reservations/batch').send({ reservations: [] }).expect(400);
    const tooMany = Array.from({ length: 101 }, () => item(randomUUID(), '1.00'));
    const long = await http.post('/v1/reservations/batch').send({ reservations: tooMany });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('reservations');
    await http
      .post('/v1/reservations/batch')
      .send({ reservations: ['x'] })
      .expect(400);
    const bad = await http
      .post('/v1/reservations/transactions/settle')
      .send({ settlements: [{ transactionId: 'nope', action: 'confirm' }] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('transactionId');
    await http
      .post('/v1/reservations/transactions/settle')
      .send({ settlements: [{ transactionId: randomUUID(), action: 'commit' }] })
      .expect(400);
    // An item that is an array passed ValidateNested and reached the database (found by the fuzzer).
    const nested = await http
      .post('/v1/reservations/transactions/settle')
      .send({ settlements: [[]] })
      .expect(400);
    expect(JSON.stringify(nested.body)).toContain('settlements');
  });

  it('should refuse a reservation without a transaction id or with a bad amount', async () => {
    const res = await reserve(randomUUID(), 'ten', { transactionId: undefined }).expect(400);
    expect(JSON.stringify(res.body)).toContain('transactionId');
    expect(JSON.stringify(res.body)).toContain('amount');
  });
});

import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

interface Validation {
  validationId: string;
  requestId: string;
  decision: string;
  reason: string;
  matchedRuleIds: string[];
  evaluatedRuleIds: string[];
  limitUsageDetails: {
    limitId: string;
    currentUsage: string;
    exceeded: boolean;
    skipped?: boolean;
    skipReason?: string;
    scope: string;
  }[];
  totalRulesLoaded: number;
  truncated: boolean;
}

describe('tracer: validations, limits and counters (single-tenant, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_validations');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const unique = (prefix: string) => `${prefix} ${Date.now()}-${(seq += 1)}`;

  const activeRule = async (body: Record<string, unknown>) => {
    const rule = (
      await http
        .post('/v1/rules')
        .send({ name: unique('Rule'), ...body })
        .expect(201)
    ).body;
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
    return rule.ruleId as string;
  };

  const activeLimit = async (body: Record<string, unknown>) => {
    const limit = (
      await http
        .post('/v1/limits')
        .send({
          name: unique('Limit'),
          limitType: 'DAILY',
          maxAmount: '1000.00',
          currency: 'USD',
          ...body,
        })
        .expect(201)
    ).body;
    await http.post(`/v1/limits/${limit.limitId}/activate`).expect(200);
    return limit.limitId as string;
  };

  const payload = (over: Record<string, unknown> = {}) => ({
    requestId: randomUUID(),
    transactionType: 'CARD',
    subType: 'debit',
    amount: '10.00',
    currency: 'USD',
    transactionTimestamp: new Date().toISOString(),
    account: { accountId: randomUUID(), type: 'checking', status: 'active' },
    ...over,
  });

  const validate = (body: Record<string, unknown>) => http.post('/v1/validations').send(body);
  const decide = async (body: Record<string, unknown>) =>
    (await validate(body).expect(201)).body as Validation;

  describe('decision precedence', () => {
    it('should let DENY beat REVIEW beat ALLOW, list every match, and default to ALLOW', async () => {
      const account = { accountId: randomUUID(), type: 'checking', status: 'active' };
      const scopes = [{ accountId: account.accountId }];
      const allow = await activeRule({ expression: 'amount > 0.0', action: 'ALLOW', scopes });
      const review = await activeRule({ expression: 'amount > 50.0', action: 'REVIEW', scopes });
      const deny = await activeRule({ expression: 'amount > 100.0', action: 'DENY', scopes });

      const allowed = await decide(payload({ account, amount: '10.00' }));
      expect(allowed).toMatchObject({ decision: 'ALLOW', matchedRuleIds: [allow] });
      expect(allowed.evaluatedRuleIds).toEqual(expect.arrayContaining([allow, review, deny]));

      const reviewed = await decide(payload({ account, amount: '60.00' }));
      expect(reviewed.decision).toBe('REVIEW');
      expect(reviewed.matchedRuleIds.sort()).toEqual([allow, review].sort());

      const denied = await decide(payload({ account, amount: '200.00' }));
      expect(denied.decision).toBe('DENY');
      expect(denied.reason).toContain('denied by rule');
      expect(denied.matchedRuleIds.sort()).toEqual([allow, review, deny].sort());

      const other = await decide(payload({ amount: '200.00' }));
      expect(other).toMatchObject({ decision: 'ALLOW', matchedRuleIds: [] });
      expect(other.reason).toContain('default decision ALLOW');
    });

    it('should match sub types case-insensitively and AND the fields of a scope', async () => {
      const accountId = randomUUID();
      const rule = await activeRule({
        expression: 'true',
        action: 'REVIEW',
        scopes: [{ accountId, subType: 'Wire-Out', transactionType: 'WIRE' }],
      });
      const account = { accountId, type: 'checking', status: 'active' };
      const hit = await decide(payload({ account, transactionType: 'WIRE', subType: 'WIRE-OUT' }));
      expect(hit).toMatchObject({ decision: 'REVIEW', matchedRuleIds: [rule] });
      const miss = await decide(payload({ account, transactionType: 'CARD', subType: 'wire-out' }));
      expect(miss.matchedRuleIds).toEqual([]);
    });

    it('should enforce a merchant allow-list', async () => {
      const accountId = randomUUID();
      const trusted = randomUUID();
      await activeRule({
        expression: `!(merchant["merchantId"] in ["${trusted}"])`,
        action: 'DENY',
        scopes: [{ accountId }],
      });
      const account = { accountId, type: 'checking', status: 'active' };
      const merchant = (merchantId: string) => ({
        merchantId,
        name: 'Shop',
        category: '5411',
        country: 'US',
      });
      expect((await decide(payload({ account, merchant: merchant(trusted) }))).decision).toBe(
        'ALLOW',
      );
      expect((await decide(payload({ account, merchant: merchant(randomUUID()) }))).decision).toBe(
        'DENY',
      );
    });
  });

  describe('idempotency', () => {
    it('should answer 201 the first time and 200 with the stored answer after', async () => {
      const body = payload();
      const first = await validate(body).expect(201);
      const again = await validate(body).expect(200);
      expect(again.body).toEqual(first.body);
    });

    it('should make exactly one record and one audit event of 50 concurrent duplicates', async () => {
      const body = payload();
      const responses = await Promise.all(Array.from({ length: 50 }, () => validate(body)));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(49);
      expect(new Set(responses.map((r) => r.body.validationId)).size).toBe(1);
      const [{ n }] = await adminQuery<{ n: number }>(
        'SELECT count(*)::int AS n FROM transaction_validations WHERE request_id = $1',
        [body.requestId],
        database.name,
      );
      expect(n).toBe(1);
      const audit = await http
        .get('/v1/audit-events')
        .query({ resource_id: responses[0].body.validationId })
        .expect(200);
      expect(audit.body.auditEvents).toHaveLength(1);
      expect(audit.body.auditEvents[0]).toMatchObject({
        eventType: 'TRANSACTION_VALIDATED',
        action: 'VALIDATE',
        result: 'ALLOW',
      });
    }, 60_000);
  });

  describe('limits', () => {
    it('should allow exactly 100 of 200 concurrent 10.00 validations against a 1,000.00 daily limit', async () => {
      const accountId = randomUUID();
      const limitId = await activeLimit({ scopes: [{ accountId }] });
      const account = { accountId, type: 'checking', status: 'active' };
      const responses = await Promise.all(
        Array.from({ length: 200 }, () => validate(payload({ account, amount: '10.00' }))),
      );
      expect(responses.every((r) => r.status === 201)).toBe(true);
      const decisions = responses.map((r) => r.body.decision);
      expect(decisions.filter((d) => d === 'ALLOW')).toHaveLength(100);
      expect(decisions.filter((d) => d === 'DENY')).toHaveLength(100);
      const usage = await http.get(`/v1/limits/${limitId}/usage`).expect(200);
      expect(usage.body).toMatchObject({
        currentUsage: '1000',
        utilizationPercent: 100,
        nearLimit: true,
      });
      const denied = responses.find((r) => r.body.decision === 'DENY')?.body as Validation;
      expect(denied.reason).toBe('limit_exceeded');
      expect(denied.limitUsageDetails[0]).toMatchObject({ limitId, exceeded: true });
    }, 120_000);

    it('should report every exceeded limit and keep none of the increments of a DENY', async () => {
      const accountId = randomUUID();
      const small = await activeLimit({ maxAmount: '50.00', scopes: [{ accountId }] });
      const large = await activeLimit({ maxAmount: '500.00', scopes: [{ accountId }] });
      const perTx = await activeLimit({
        limitType: 'PER_TRANSACTION',
        maxAmount: '80.00',
        scopes: [{ accountId }],
      });
      const account = { accountId, type: 'checking', status: 'active' };
      const denied = await decide(payload({ account, amount: '100.00' }));
      expect(denied.decision).toBe('DENY');
      const exceeded = denied.limitUsageDetails.filter((d) => d.exceeded).map((d) => d.limitId);
      expect(exceeded.sort()).toEqual([small, perTx].sort());
      expect((await http.get(`/v1/limits/${large}/usage`).expect(200)).body.currentUsage).toBe('0');
      const allowed = await decide(payload({ account, amount: '40.00' }));
      expect(allowed.decision).toBe('ALLOW');
      expect((await http.get(`/v1/limits/${large}/usage`).expect(200)).body.currentUsage).toBe(
        '40',
      );
      expect((await http.get(`/v1/limits/${small}/usage`).expect(200)).body.currentUsage).toBe(
        '40',
      );
    });

    it('should touch no counter on a DENY by rule, and consume nothing on a REVIEW', async () => {
      const accountId = randomUUID();
      const limitId = await activeLimit({ scopes: [{ accountId }] });
      await activeRule({ expression: 'amount > 500.0', action: 'DENY', scopes: [{ accountId }] });
      await activeRule({ expression: 'amount > 100.0', action: 'REVIEW', scopes: [{ accountId }] });
      const account = { accountId, type: 'checking', status: 'active' };
      const denied = await decide(payload({ account, amount: '600.00' }));
      expect(denied).toMatchObject({ decision: 'DENY', limitUsageDetails: [] });
      const reviewed = await decide(payload({ account, amount: '200.00' }));
      expect(reviewed.decision).toBe('REVIEW');
      expect(reviewed.limitUsageDetails[0]).toMatchObject({ limitId, exceeded: false });
      expect((await http.get(`/v1/limits/${limitId}/usage`).expect(200)).body.currentUsage).toBe(
        '0',
      );
    });

    it('should skip a limit outside its active window and a custom limit outside its period', async () => {
      const accountId = randomUUID();
      const hour = new Date().getUTCHours();
      const closed = `${String((hour + 2) % 24).padStart(2, '0')}:00`;
      const closedEnd = `${String((hour + 3) % 24).padStart(2, '0')}:00`;
      const windowed = await activeLimit({
        maxAmount: '1.00',
        scopes: [{ accountId }],
        activeTimeStart: closed,
        activeTimeEnd: closedEnd,
      });
      const custom = await activeLimit({
        limitType: 'CUSTOM',
        maxAmount: '1.00',
        scopes: [{ accountId }],
        customStartDate: new Date(Date.now() + 86_400_000).toISOString(),
        customEndDate: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      });
      const account = { accountId, type: 'checking', status: 'active' };
      const result = await decide(payload({ account, amount: '10.00' }));
      expect(result.decision).toBe('ALLOW');
      const byId = Object.fromEntries(result.limitUsageDetails.map((d) => [d.limitId, d]));
      expect(byId[windowed]).toMatchObject({ skipped: true, skipReason: 'outside_time_window' });
      expect(byId[custom]).toMatchObject({ skipped: true, skipReason: 'outside_custom_period' });
    });

    it('should count WEEKLY and MONTHLY limits and a segment-wide counter', async () => {
      const segmentId = randomUUID();
      const weekly = await activeLimit({
        limitType: 'WEEKLY',
        maxAmount: '25.00',
        scopes: [{ segmentId }],
      });
      const monthly = await activeLimit({ limitType: 'MONTHLY', scopes: [{ segmentId }] });
      const segment = { segmentId };
      expect((await decide(payload({ segment, amount: '20.00' }))).decision).toBe('ALLOW');
      const second = await decide(payload({ segment, amount: '10.00' }));
      expect(second.decision).toBe('DENY');
      expect(second.limitUsageDetails.find((d) => d.limitId === weekly)).toMatchObject({
        exceeded: true,
        currentUsage: '20',
        scope: `segment:${segmentId}`,
      });
      expect((await http.get(`/v1/limits/${monthly}/usage`).expect(200)).body.currentUsage).toBe(
        '20',
      );
    });

    it('should ignore limits in another currency', async () => {
      const accountId = randomUUID();
      await activeLimit({ currency: 'EUR', maxAmount: '1.00', scopes: [{ accountId }] });
      const account = { accountId, type: 'checking', status: 'active' };
      const result = await decide(payload({ account, amount: '10.00' }));
      expect(result).toMatchObject({ decision: 'ALLOW', limitUsageDetails: [] });
    });
  });

  describe('request checks', () => {
    it.each([
      [{ amount: 10 }, 'amount'],
      [{ amount: '1,00' }, 'amount'],
      [{ currency: 'usd' }, 'currency'],
      [{ transactionType: 'ACH' }, 'transactionType'],
      [{ requestId: 'abc' }, 'requestId'],
      [{ account: { accountId: 'nope', type: 'checking', status: 'active' } }, 'account.accountId'],
      [{ account: undefined }, 'account'],
      [
        { merchant: { merchantId: randomUUID(), name: 'x', category: '54', country: 'US' } },
        'merchant.category',
      ],
      [{ subType: 'x'.repeat(51) }, 'subType'],
      [{ extra: true }, 'extra'],
    ])('should refuse %j with 400 naming %s', async (over, field) => {
      const res = await validate(payload(over)).expect(400);
      expect(JSON.stringify(res.body)).toContain(field.split('.').pop() as string);
    });

    it('should refuse a timestamp outside now − 24 h … now + 1 min with TRC-0120', async () => {
      for (const at of [Date.now() - 25 * 3_600_000, Date.now() + 5 * 60_000]) {
        const res = await validate(
          payload({ transactionTimestamp: new Date(at).toISOString() }),
        ).expect(400);
        expect(res.body.code).toBe('TRC-0120');
        expect(res.body.fields).toHaveProperty('transactionTimestamp');
      }
    });

    it('should refuse more than 50 metadata entries', async () => {
      const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
      const res = await validate(payload({ metadata })).expect(400);
      expect(JSON.stringify(res.body)).toContain('metadata');
    });

    it('should refuse a body over 100 KB with 413 TRC-0012', async () => {
      const res = await validate(payload({ metadata: { blob: 'x'.repeat(110 * 1024) } })).expect(
        413,
      );
      expect(res.body.code).toBe('TRC-0012');
    });
  });

  describe('records', () => {
    it('should keep records immutable in PostgreSQL', async () => {
      const { validationId } = await decide(payload());
      for (const sql of [
        "UPDATE transaction_validations SET decision = 'DENY'",
        'DELETE FROM transaction_validations',
        'TRUNCATE transaction_validations',
      ]) {
        await expect(adminQuery(sql, [], database.name)).rejects.toThrow(/append-only/);
      }
      const stored = await http.get(`/v1/validations/${validationId}`).expect(200);
      expect(stored.body).toMatchObject({ validationId, decision: 'ALLOW', amount: '10.00' });
    });

    it('should filter the validation history and page through it', async () => {
      const accountId = randomUUID();
      const account = { accountId, type: 'checking', status: 'active' };
      const limitId = await activeLimit({ maxAmount: '25.00', scopes: [{ accountId }] });
      for (const amount of ['10.00', '10.00', '10.00', '1.00'])
        await decide(payload({ account, amount }));
      const all = await http.get('/v1/validations').query({ account_id: accountId }).expect(200);
      expect(all.body.transactionValidations).toHaveLength(4);
      expect(all.body.transactionValidations[0]).toMatchObject({ accountId, currency: 'USD' });
      const denied = await http
        .get('/v1/validations')
        .query({ account_id: accountId, decision: 'deny' })
        .expect(200);
      expect(denied.body.transactionValidations).toHaveLength(1);
      const exceeded = await http
        .get('/v1/validations')
        .query({ exceeded_limit_id: limitId })
        .expect(200);
      expect(exceeded.body.transactionValidations).toHaveLength(1);
      const first = await http
        .get('/v1/validations')
        .query({ account_id: accountId, limit: '3', sort_order: 'ASC' })
        .expect(200);
      expect(first.body.hasMore).toBe(true);
      const second = await http
        .get('/v1/validations')
        .query({ account_id: accountId, cursor: first.body.nextCursor })
        .expect(200);
      expect(second.body.transactionValidations).toHaveLength(1);
      expect(second.body.hasMore).toBe(false);
      await http.get('/v1/validations').query({ start_date: 'yesterday' }).expect(400);
      await http.get(`/v1/validations/${randomUUID()}`).expect(404);
      // The creation window, both ends inclusive: around now all four, before it none.
      const now = Date.now();
      const window = (from: number, to: number) =>
        http
          .get('/v1/validations')
          .query({
            account_id: accountId,
            start_date: new Date(from).toISOString(),
            end_date: new Date(to).toISOString(),
          })
          .expect(200);
      expect(
        (await window(now - 3_600_000, now + 60_000)).body.transactionValidations,
      ).toHaveLength(4);
      expect((await window(now - 7_200_000, now - 3_600_000)).body.transactionValidations).toEqual(
        [],
      );
      const inverted = await http
        .get('/v1/validations')
        .query({
          start_date: new Date(now).toISOString(),
          end_date: new Date(now - 1).toISOString(),
        })
        .expect(400);
      expect(inverted.body).toMatchObject({ code: 'TRC-0006' });
    });

    it('should document the date window on both history lists', async () => {
      const docs = await http.get('/docs-json').expect(200);
      for (const path of ['/v1/validations', '/v1/audit-events']) {
        const names = docs.body.paths[path].get.parameters.map((p: { name: string }) => p.name);
        expect(names).toEqual(expect.arrayContaining(['start_date', 'end_date', 'limit']));
      }
    });
  });
});

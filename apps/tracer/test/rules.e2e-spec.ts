import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

const UNKNOWN_ID = '01890000-0000-7000-8000-000000000000';
const ACCOUNT = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SEGMENT = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

interface Rule {
  ruleId: string;
  name: string;
  description: string | null;
  expression: string;
  action: string;
  scopes: Record<string, string>[];
  status: string;
  createdAt: string;
  updatedAt: string;
  activatedAt: string | null;
  deactivatedAt: string | null;
  deletedAt: string | null;
}

describe('tracer: rules (single-tenant, real PostgreSQL)', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_e2e');
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: database.url }));
    app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const uniqueName = (prefix = 'Rule') => `${prefix} ${Date.now()}-${(seq += 1)}`;

  const createRule = (body: Record<string, unknown> = {}) =>
    http.post('/v1/rules').send({
      name: uniqueName(),
      expression: 'amount > 10000.0',
      action: 'DENY',
      ...body,
    });

  const newRule = async (body: Record<string, unknown> = {}): Promise<Rule> =>
    (await createRule(body).expect(201)).body;

  describe('create and read', () => {
    it('should create a rule in DRAFT and read it back', async () => {
      const name = uniqueName('Block high value');
      const created = await createRule({
        name,
        description: 'Denies card purchases over 10k',
        expression: 'amount > 10000.0 && transactionType == "CARD"',
        scopes: [{ accountId: ACCOUNT, transactionType: 'CARD', subType: 'Purchase' }],
      }).expect(201);
      expect(created.body).toEqual({
        ruleId: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        ),
        name,
        description: 'Denies card purchases over 10k',
        expression: 'amount > 10000.0 && transactionType == "CARD"',
        action: 'DENY',
        scopes: [{ accountId: ACCOUNT, transactionType: 'CARD', subType: 'purchase' }],
        status: 'DRAFT',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        activatedAt: null,
        deactivatedAt: null,
        deletedAt: null,
      });
      expect(created.body.createdAt).toBe(created.body.updatedAt);
      const read = await http.get(`/v1/rules/${created.body.ruleId}`).expect(200);
      expect(read.body).toEqual(created.body);
    });

    it('should default description to null and scopes to an empty (global) list', async () => {
      const rule = await newRule();
      expect(rule).toMatchObject({ description: null, scopes: [], status: 'DRAFT' });
    });

    it('should store the rule in the rules table', async () => {
      const rule = await newRule({ scopes: [{ segmentId: SEGMENT }] });
      const rows = await adminQuery<{ status: string; scopes: unknown; deleted_at: Date | null }>(
        'SELECT status, scopes, deleted_at FROM rules WHERE id = $1',
        [rule.ruleId],
        database.name,
      );
      expect(rows).toEqual([
        { status: 'DRAFT', scopes: [{ segmentId: SEGMENT }], deleted_at: null },
      ]);
    });

    it('should answer a non-UUID id with 400 TRC-0007 and an unknown id with 404 TRC-0100', async () => {
      for (const [method, path] of [
        ['get', '/v1/rules/not-a-uuid'],
        ['patch', '/v1/rules/not-a-uuid'],
        ['delete', '/v1/rules/not-a-uuid'],
        ['post', '/v1/rules/not-a-uuid/activate'],
        ['post', '/v1/rules/12345/deactivate'],
        ['post', '/v1/rules/zzz/draft'],
      ] as const) {
        const res = await http[method](path).send({ name: 'x' }).expect(400);
        expect(res.body).toMatchObject({ code: 'TRC-0007', title: 'Invalid Path Parameter' });
        expect(res.body.message).toContain('id');
      }
      const missing = await http.get(`/v1/rules/${UNKNOWN_ID}`).expect(404);
      expect(missing.body).toMatchObject({
        code: 'TRC-0100',
        title: 'Rule Not Found',
        entityType: 'Rule',
      });
      expect(missing.body.message).toContain(UNKNOWN_ID);
      await http.patch(`/v1/rules/${UNKNOWN_ID}`).send({ action: 'ALLOW' }).expect(404);
      await http.post(`/v1/rules/${UNKNOWN_ID}/activate`).expect(404);
      await http.delete(`/v1/rules/${UNKNOWN_ID}`).expect(404);
    });
  });

  describe('validation', () => {
    it('should name every missing required field (0009)', async () => {
      const res = await http.post('/v1/rules').send({}).expect(400);
      expect(res.body.code).toBe('0009');
      for (const field of ['name', 'expression', 'action']) {
        expect(res.body.message).toContain(field);
        expect(res.body.fields).toHaveProperty(field);
      }
    });

    it.each([
      ['name', { name: 'n'.repeat(256) }],
      ['name', { name: '   ' }],
      ['description', { description: 'd'.repeat(1001) }],
      ['expression', { expression: `amount > 1.0${' '.repeat(5000)}` }],
      ['action', { action: 'BLOCK' }],
      ['scopes', { scopes: Array.from({ length: 101 }, () => ({ transactionType: 'PIX' })) }],
      ['scopes', { scopes: { accountId: ACCOUNT } }],
      ['scopes.0.accountId', { scopes: [{ accountId: 'not-a-uuid' }] }],
      ['scopes.0.transactionType', { scopes: [{ transactionType: 'ACH' }] }],
      ['scopes.1.subType', { scopes: [{ subType: 'ok' }, { subType: 's'.repeat(51) }] }],
    ])('should refuse a bad %s with 400 naming it', async (field, body) => {
      const res = await createRule(body).expect(400);
      expect(res.body.code).toBe('0047');
      expect(res.body.message).toContain(field);
      expect(res.body.fields).toHaveProperty([field]);
    });

    it('should accept the boundary lengths', async () => {
      const rule = await newRule({
        name: `${uniqueName()}${'n'.repeat(300)}`.slice(0, 255),
        description: 'd'.repeat(1000),
        scopes: Array.from({ length: 100 }, (_, i) => ({ subType: `t${i}` })),
      });
      expect(rule.name).toHaveLength(255);
      expect(rule.scopes).toHaveLength(100);
    });

    it('should refuse an empty scope with TRC-0111 naming its index', async () => {
      const res = await createRule({ scopes: [{ accountId: ACCOUNT }, {}] }).expect(400);
      expect(res.body).toMatchObject({ code: 'TRC-0111', title: 'Invalid Scope' });
      expect(res.body.message).toContain('scopes[1]');
      expect(res.body.fields).toHaveProperty(['scopes.1']);
    });

    it('should refuse unknown fields, also inside scopes, with 0053', async () => {
      const top = await createRule({ priority: 1 }).expect(400);
      expect(top.body.code).toBe('0053');
      expect(top.body.message).toContain('priority');
      const nested = await createRule({ scopes: [{ accountId: ACCOUNT, country: 'BR' }] }).expect(
        400,
      );
      expect(nested.body.code).toBe('0053');
      expect(nested.body.message).toContain('scopes.0.country');
    });

    it('should answer malformed JSON with 0094', async () => {
      const res = await http
        .post('/v1/rules')
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(res.body.code).toBe('0094');
    });
  });

  describe('CEL expressions', () => {
    it('should refuse a syntax error with TRC-0083 quoting the compiler', async () => {
      const res = await createRule({ expression: 'amount > 10 &&' }).expect(400);
      expect(res.body).toMatchObject({ code: 'TRC-0083', title: 'Invalid Expression Syntax' });
      expect(res.body.message).toContain('Unexpected token: EOF');
      expect(res.body.message).toContain('position 14');
      expect(res.body.fields).toHaveProperty('expression');
    });

    it('should refuse an undeclared variable with TRC-0084 quoting the compiler', async () => {
      const res = await createRule({ expression: 'transaction.amount > 1000' }).expect(400);
      expect(res.body).toMatchObject({ code: 'TRC-0084', title: 'Invalid Expression Type' });
      expect(res.body.message).toContain('Unknown variable: transaction');
    });

    it('should refuse mistyped operands with TRC-0084', async () => {
      const res = await createRule({ expression: 'amount + "1" > 2.0' }).expect(400);
      expect(res.body.code).toBe('TRC-0084');
      expect(res.body.message).toContain('no such overload: double + string');
    });

    it('should refuse an expression that is not boolean-typed with TRC-0084', async () => {
      const res = await createRule({ expression: 'amount * 2.0' }).expect(400);
      expect(res.body.code).toBe('TRC-0084');
      expect(res.body.message).toContain('must evaluate to bool');
      expect(res.body.message).toContain('double');
    });

    it('should refuse an expression whose worst-case cost is above CEL_COST_LIMIT with TRC-0085', async () => {
      const res = await createRule({
        expression: 'metadata.exists(k, metadata.exists(j, metadata.exists(i, i == j && j == k)))',
      }).expect(400);
      expect(res.body.code).toBe('TRC-0085');
      expect(res.body.message).toContain('CEL_COST_LIMIT 10000');
      expect(res.body.fields).toHaveProperty('expression');
    });

    it('should accept expressions over every declared variable', async () => {
      const expression =
        'size(merchant) > 0 && merchant["category"] == "5411" && amount > 5000 && currency == "USD" ' +
        '&& subType == "debit" && transactionTimestamp > 0 && account.type == "checking" ' +
        '&& "x" in metadata && segment.name != portfolio.name';
      expect((await newRule({ expression })).expression).toBe(expression);
    });

    it('should check the expression again when it is patched', async () => {
      const rule = await newRule();
      const res = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ expression: 'amount >' })
        .expect(400);
      expect(res.body.code).toBe('TRC-0083');
      const ok = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ expression: 'amount < 5.0' })
        .expect(200);
      expect(ok.body.expression).toBe('amount < 5.0');
    });
  });

  describe('unique names', () => {
    it('should refuse a duplicate name, case-insensitively, with 409 TRC-0101', async () => {
      const name = uniqueName('Dup');
      await newRule({ name });
      const res = await createRule({ name: name.toUpperCase() }).expect(409);
      expect(res.body).toMatchObject({ code: 'TRC-0101', title: 'Rule Name Already Exists' });
      expect(res.body.message).toContain(name.toUpperCase());
    });

    it('should refuse renaming onto another rule, but allow re-casing its own name', async () => {
      const taken = await newRule();
      const rule = await newRule();
      const res = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ name: taken.name })
        .expect(409);
      expect(res.body.code).toBe('TRC-0101');
      const recased = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ name: rule.name.toUpperCase() })
        .expect(200);
      expect(recased.body.name).toBe(rule.name.toUpperCase());
    });

    it('should free the name of a deleted rule', async () => {
      const rule = await newRule();
      await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);
      const again = await newRule({ name: rule.name });
      expect(again.ruleId).not.toBe(rule.ruleId);
    });

    it('should let only one of many concurrent creates with the same name win', async () => {
      const name = uniqueName('Race');
      const results = await Promise.all(Array.from({ length: 8 }, () => createRule({ name })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const conflicts = results.filter((r) => r.status === 409);
      expect(conflicts).toHaveLength(7);
      conflicts.forEach((r) => expect(r.body.code).toBe('TRC-0101'));
    });
  });

  describe('partial update', () => {
    it('should change only the fields sent', async () => {
      const rule = await newRule({ description: 'first', scopes: [{ accountId: ACCOUNT }] });
      const patched = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ action: 'REVIEW', scopes: [{ segmentId: SEGMENT, subType: 'PIX-IN' }] })
        .expect(200);
      expect(patched.body).toEqual({
        ...rule,
        action: 'REVIEW',
        scopes: [{ segmentId: SEGMENT, subType: 'pix-in' }],
        updatedAt: expect.any(String),
      });
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(rule.updatedAt));
      expect((await http.get(`/v1/rules/${rule.ruleId}`).expect(200)).body).toEqual(patched.body);
    });

    it('should clear the description with null and clear scopes with []', async () => {
      const rule = await newRule({ description: 'temp', scopes: [{ transactionType: 'WIRE' }] });
      const patched = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ description: null, scopes: [] })
        .expect(200);
      expect(patched.body).toMatchObject({ description: null, scopes: [] });
    });

    it('should require at least one field with TRC-0002', async () => {
      const rule = await newRule();
      const res = await http.patch(`/v1/rules/${rule.ruleId}`).send({}).expect(400);
      expect(res.body).toMatchObject({ code: 'TRC-0002', title: 'At Least One Field Required' });
      for (const field of ['name', 'description', 'expression', 'action', 'scopes']) {
        expect(res.body.message).toContain(field);
      }
    });

    it('should refuse null for required fields and unknown fields', async () => {
      const rule = await newRule();
      for (const field of ['name', 'expression', 'action', 'scopes']) {
        const res = await http
          .patch(`/v1/rules/${rule.ruleId}`)
          .send({ [field]: null })
          .expect(400);
        expect(res.body.code).toBe('0047');
        expect(res.body.fields).toHaveProperty([field]);
      }
      const unknown = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ status: 'ACTIVE' })
        .expect(400);
      expect(unknown.body.code).toBe('0053');
      expect(unknown.body.message).toContain('status');
      const empty = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ scopes: [{}] })
        .expect(400);
      expect(empty.body.code).toBe('TRC-0111');
    });

    it('should refuse changing the expression of a rule that is not DRAFT (422 TRC-0104)', async () => {
      const rule = await newRule();
      await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
      const res = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ expression: 'amount > 1.0' })
        .expect(422);
      expect(res.body).toMatchObject({ code: 'TRC-0104', title: 'Expression Not Modifiable' });
      expect(res.body.message).toContain('ACTIVE');
      // Other fields stay editable, and resending the same expression is not a change.
      const renamed = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ name: uniqueName('Renamed'), expression: rule.expression })
        .expect(200);
      expect(renamed.body.status).toBe('ACTIVE');
    });
  });

  describe('lifecycle', () => {
    const act = (id: string, action: 'activate' | 'deactivate' | 'draft') =>
      http.post(`/v1/rules/${id}/${action}`);

    it('should walk DRAFT → ACTIVE → INACTIVE → DRAFT → ACTIVE → INACTIVE → DELETED', async () => {
      const rule = await newRule();

      const active = (await act(rule.ruleId, 'activate').expect(200)).body as Rule;
      expect(active.status).toBe('ACTIVE');
      expect(active.activatedAt).toEqual(expect.any(String));
      expect(active.deactivatedAt).toBeNull();

      const inactive = (await act(rule.ruleId, 'deactivate').expect(200)).body as Rule;
      expect(inactive).toMatchObject({ status: 'INACTIVE', activatedAt: active.activatedAt });
      expect(Date.parse(inactive.deactivatedAt!)).toBeGreaterThanOrEqual(
        Date.parse(active.activatedAt!),
      );

      const draft = (await act(rule.ruleId, 'draft').expect(200)).body as Rule;
      expect(draft.status).toBe('DRAFT');
      const editable = await http
        .patch(`/v1/rules/${rule.ruleId}`)
        .send({ expression: 'amount > 20000.0' })
        .expect(200);
      expect(editable.body.expression).toBe('amount > 20000.0');

      expect((await act(rule.ruleId, 'activate').expect(200)).body.status).toBe('ACTIVE');
      expect((await act(rule.ruleId, 'deactivate').expect(200)).body.status).toBe('INACTIVE');
      await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);

      const rows = await adminQuery<{ status: string; deleted_at: Date | null }>(
        'SELECT status, deleted_at FROM rules WHERE id = $1',
        [rule.ruleId],
        database.name,
      );
      expect(rows[0].status).toBe('DELETED');
      expect(rows[0].deleted_at).toBeInstanceOf(Date);
    });

    it('should allow INACTIVE → ACTIVE directly', async () => {
      const rule = await newRule();
      await act(rule.ruleId, 'activate').expect(200);
      await act(rule.ruleId, 'deactivate').expect(200);
      expect((await act(rule.ruleId, 'activate').expect(200)).body.status).toBe('ACTIVE');
    });

    it('should delete a DRAFT rule directly', async () => {
      const rule = await newRule();
      const res = await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);
      expect(res.text).toBe('');
      await http.get(`/v1/rules/${rule.ruleId}`).expect(404);
    });

    it('should treat a transition to the current status as an idempotent no-op', async () => {
      const rule = await newRule();
      const draft = await act(rule.ruleId, 'draft').expect(200);
      expect(draft.body).toEqual(rule);
      const active = (await act(rule.ruleId, 'activate').expect(200)).body as Rule;
      const again = await act(rule.ruleId, 'activate').expect(200);
      expect(again.body).toEqual(active);
      const inactive = (await act(rule.ruleId, 'deactivate').expect(200)).body as Rule;
      expect((await act(rule.ruleId, 'deactivate').expect(200)).body).toEqual(inactive);
    });

    it.each([
      ['DRAFT', 'deactivate', 'INACTIVE'],
      ['ACTIVE', 'draft', 'DRAFT'],
    ] as const)('should refuse %s → %s with 422 TRC-0102', async (from, action, to) => {
      const rule = await newRule();
      if (from === 'ACTIVE') await act(rule.ruleId, 'activate').expect(200);
      const res = await act(rule.ruleId, action).expect(422);
      expect(res.body).toMatchObject({ code: 'TRC-0102', title: 'Invalid State Transition' });
      expect(res.body.message).toContain(`from ${from} to ${to}`);
      expect((await http.get(`/v1/rules/${rule.ruleId}`).expect(200)).body.status).toBe(from);
    });

    it('should refuse deleting an ACTIVE rule with 422 TRC-0102 and keep it', async () => {
      const rule = await newRule();
      await act(rule.ruleId, 'activate').expect(200);
      const res = await http.delete(`/v1/rules/${rule.ruleId}`).expect(422);
      expect(res.body.code).toBe('TRC-0102');
      expect(res.body.message).toContain('from ACTIVE to DELETED');
      expect(res.body.message).toContain('INACTIVE');
      expect((await http.get(`/v1/rules/${rule.ruleId}`).expect(200)).body.status).toBe('ACTIVE');
    });

    it('should answer 404 TRC-0100 for a DELETED rule on every route', async () => {
      const rule = await newRule();
      await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);
      const responses = [
        await http.get(`/v1/rules/${rule.ruleId}`),
        await http.patch(`/v1/rules/${rule.ruleId}`).send({ action: 'ALLOW' }),
        await http.delete(`/v1/rules/${rule.ruleId}`),
        await act(rule.ruleId, 'activate'),
        await act(rule.ruleId, 'deactivate'),
        await act(rule.ruleId, 'draft'),
      ];
      for (const res of responses) {
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('TRC-0100');
      }
    });
  });

  describe('list', () => {
    const tag = `L${Date.now()}`;
    const rules: Rule[] = [];

    beforeAll(async () => {
      const specs: Record<string, unknown>[] = [
        { action: 'DENY', scopes: [{ accountId: ACCOUNT, transactionType: 'CARD' }] },
        {
          action: 'ALLOW',
          scopes: [{ segmentId: SEGMENT }, { transactionType: 'PIX', subType: 'Instant' }],
        },
        { action: 'REVIEW', scopes: [] },
        { action: 'DENY', scopes: [{ accountId: ACCOUNT, subType: 'ATM' }] },
        { action: 'ALLOW', scopes: [{ transactionType: 'WIRE' }] },
      ];
      for (const [i, spec] of specs.entries()) {
        rules.push(await newRule({ name: `${tag} item ${i}`, ...spec }));
      }
      await http.post(`/v1/rules/${rules[0].ruleId}/activate`).expect(200);
      await http.post(`/v1/rules/${rules[1].ruleId}/activate`).expect(200);
      await http.post(`/v1/rules/${rules[1].ruleId}/deactivate`).expect(200);
    });

    const names = (body: { rules: Rule[] }) => body.rules.map((r) => r.name);
    const list = (query: string) => http.get(`/v1/rules?name=${tag}&${query}`);

    it('should answer the ListRulesResponse envelope, newest first by default', async () => {
      const res = await list('').expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['hasMore', 'rules']);
      expect(res.body.hasMore).toBe(false);
      expect(names(res.body)).toEqual([4, 3, 2, 1, 0].map((i) => `${tag} item ${i}`));
      expect(res.body.rules[4]).toMatchObject({ ruleId: rules[0].ruleId, status: 'ACTIVE' });
    });

    it('should filter by name (contains, case-insensitive), status and action', async () => {
      expect(
        names((await http.get(`/v1/rules?name=${tag.toLowerCase()} ITEM 3`).expect(200)).body),
      ).toEqual([`${tag} item 3`]);
      expect(names((await list('status=active').expect(200)).body)).toEqual([`${tag} item 0`]);
      expect(names((await list('status=INACTIVE').expect(200)).body)).toEqual([`${tag} item 1`]);
      expect(names((await list('status=DRAFT&action=DENY').expect(200)).body)).toEqual([
        `${tag} item 3`,
      ]);
      expect(names((await list('action=ALLOW&sort_order=ASC').expect(200)).body)).toEqual([
        `${tag} item 1`,
        `${tag} item 4`,
      ]);
      const wildcard = await http.get('/v1/rules?name=%25_%25').expect(200);
      expect(wildcard.body.rules).toEqual([]);
    });

    it('should filter by scope fields, combining them within one scope', async () => {
      expect(names((await list(`account_id=${ACCOUNT}&sort_order=asc`).expect(200)).body)).toEqual([
        `${tag} item 0`,
        `${tag} item 3`,
      ]);
      expect(
        names(
          (await list(`account_id=${ACCOUNT.toUpperCase()}&transaction_type=card`).expect(200))
            .body,
        ),
      ).toEqual([`${tag} item 0`]);
      expect(names((await list(`segment_id=${SEGMENT}`).expect(200)).body)).toEqual([
        `${tag} item 1`,
      ]);
      expect(names((await list('sub_type=INSTANT').expect(200)).body)).toEqual([`${tag} item 1`]);
      expect(names((await list('transaction_type=PIX&sub_type=instant').expect(200)).body)).toEqual(
        [`${tag} item 1`],
      );
      // segment and PIX sit in two different scopes of item 1: no single scope holds both.
      expect(
        (await list(`segment_id=${SEGMENT}&transaction_type=PIX`).expect(200)).body.rules,
      ).toEqual([]);
      expect((await list(`merchant_id=${UNKNOWN_ID}`).expect(200)).body.rules).toEqual([]);
      expect((await list(`portfolio_id=${UNKNOWN_ID}`).expect(200)).body.rules).toEqual([]);
    });

    it('should walk every page with the cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        pages += 1;
        seen.push(...names(res.body));
        expect(res.body.rules.length).toBeLessThanOrEqual(2);
        if (res.body.hasMore) expect(res.body.nextCursor).toEqual(expect.any(String));
        else expect(res.body).not.toHaveProperty('nextCursor');
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `${tag} item ${i}`));
    });

    it('should paginate by name and by status in either order', async () => {
      const first = await list('limit=3&sort_by=name&sort_order=ASC').expect(200);
      expect(names(first.body)).toEqual([0, 1, 2].map((i) => `${tag} item ${i}`));
      expect(first.body.hasMore).toBe(true);
      const second = await list(`limit=3&cursor=${first.body.nextCursor}`).expect(200);
      expect(names(second.body)).toEqual([3, 4].map((i) => `${tag} item ${i}`));
      expect(second.body.hasMore).toBe(false);

      const byStatus: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list(
          `limit=1&sort_by=status&sort_order=desc${cursor ? `&cursor=${cursor}` : ''}`,
        ).expect(200);
        byStatus.push(...res.body.rules.map((r: Rule) => r.status));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(byStatus).toEqual(['INACTIVE', 'DRAFT', 'DRAFT', 'DRAFT', 'ACTIVE']);
    });

    it('should never list DELETED rules', async () => {
      const doomed = await newRule({ name: `${tag} doomed` });
      expect(names((await list('').expect(200)).body)).toContain(`${tag} doomed`);
      await http.delete(`/v1/rules/${doomed.ruleId}`).expect(204);
      expect(names((await list('').expect(200)).body)).not.toContain(`${tag} doomed`);
    });

    it.each([
      ['limit=101', 'TRC-0040', 'limit'],
      ['limit=0', 'TRC-0041', 'limit'],
      ['limit=many', 'TRC-0006', 'limit'],
      ['sort_order=sideways', 'TRC-0042', 'sort_order'],
      ['sort_by=expression', 'TRC-0043', 'sort_by'],
      ['cursor=garbage', 'TRC-0044', 'cursor'],
      ['status=DELETED', 'TRC-0006', 'status'],
      ['action=BLOCK', 'TRC-0006', 'action'],
      ['account_id=123', 'TRC-0006', 'account_id'],
      ['transaction_type=ACH', 'TRC-0006', 'transaction_type'],
    ])('should refuse %s with 400 %s naming the parameter', async (query, code, parameter) => {
      const res = await http.get(`/v1/rules?${query}`).expect(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(parameter);
      expect(res.body.fields).toHaveProperty([parameter]);
    });

    it('should refuse a cursor with contradicting sort parameters (TRC-0045)', async () => {
      const page = await list('limit=1&sort_by=name').expect(200);
      const res = await list(`limit=1&sort_by=created_at&cursor=${page.body.nextCursor}`).expect(
        400,
      );
      expect(res.body.code).toBe('TRC-0045');
    });
  });

  describe('operability', () => {
    it('should serve health, readiness and an OpenAPI document with the rules paths', async () => {
      await http.get('/health').expect(200, { status: 'ok' });
      const ready = await http.get('/readyz').expect(200);
      expect(ready.body.checks).toEqual({ database: 'up' });
      const docs = await http.get('/docs-json').expect(200);
      expect(docs.body.info.title).toBe('Tracer');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/rules',
          '/v1/rules/{id}',
          '/v1/rules/{id}/activate',
          '/v1/rules/{id}/deactivate',
          '/v1/rules/{id}/draft',
        ]),
      );
      expect(docs.body.components.schemas.Rule.properties).toHaveProperty('ruleId');
    });

    it('should answer unknown routes with the error envelope', async () => {
      const res = await http.get('/v1/nothing-here').expect(404);
      expect(res.body).toMatchObject({ code: '0484', title: 'Route Not Found' });
    });
  });
});

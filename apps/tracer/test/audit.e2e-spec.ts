import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import request from 'supertest';
import { TRACER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

/**
 * The audit trail, with the app connected as an ordinary (non-superuser) role that owns its
 * database, as a tenant role does: its migrations revoke its own right to rewrite the trail.
 */
describe('tracer: audit trail (hash chain, append-only, anchor)', () => {
  const role = `tracer_app_${randomBytes(4).toString('hex')}`;
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let appUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('tracer_audit');
    await adminQuery(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
    await adminQuery(`ALTER DATABASE "${database.name}" OWNER TO ${role}`);
    const url = new URL(database.url);
    url.username = role;
    appUrl = url.toString();
    const config = loadTenantServiceConfig('tracer', 0, testEnv({ DATABASE_URL: appUrl }));
    app = await bootApp(AppModule.forRoot(config), TRACER_API_DOCS);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  /** A statement as the database superuser, on the app's database. */
  const asSuperuser = <T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ) => adminQuery<T>(sql, params, database.name);

  /** A statement as the app's own role. */
  async function asApp(sql: string): Promise<void> {
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  const newRule = async (name = `Rule ${randomUUID()}`) =>
    (
      await http
        .post('/v1/rules')
        .send({ name, expression: 'amount > 100.0', action: 'DENY' })
        .expect(201)
    ).body as { ruleId: string };

  const events = async (query: Record<string, string> = {}) =>
    (await http.get('/v1/audit-events').query(query).expect(200)).body as {
      auditEvents: {
        eventId: string;
        eventType: string;
        action: string;
        result: string;
        resourceId: string;
        resourceType: string;
        actor: { actorType: string; id: string; ipAddress: string };
        context: Record<string, unknown>;
        hash: string;
        previousHash: string;
      }[];
      hasMore: boolean;
      nextCursor?: string;
    };

  const newest = async () => (await events({ limit: '1' })).auditEvents[0];

  it('should audit every rule mutation with its before and after, actor and client address', async () => {
    const rule = await newRule();
    await http.patch(`/v1/rules/${rule.ruleId}`).send({ description: 'x' }).expect(200);
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200);
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(200); // no-op: not audited
    await http.post(`/v1/rules/${rule.ruleId}/deactivate`).expect(200);
    await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);

    const trail = await events({ resource_id: rule.ruleId, sort_order: 'ASC' });
    expect(trail.auditEvents.map((e) => [e.eventType, e.action, e.result])).toEqual([
      ['RULE_CREATED', 'CREATE', 'SUCCESS'],
      ['RULE_UPDATED', 'UPDATE', 'SUCCESS'],
      ['RULE_ACTIVATED', 'ACTIVATE', 'SUCCESS'],
      ['RULE_DEACTIVATED', 'DEACTIVATE', 'SUCCESS'],
      ['RULE_DELETED', 'DELETE', 'SUCCESS'],
    ]);
    const [created, updated] = trail.auditEvents;
    expect(created.resourceType).toBe('rule');
    expect(created.actor).toMatchObject({ actorType: 'system', id: 'anonymous' });
    expect(created.actor.ipAddress).toMatch(/127\.0\.0\.1|::1/);
    expect(updated.context).toMatchObject({
      before: { description: null },
      after: { description: 'x' },
    });
    expect(updated.previousHash).toBe(created.hash);
    expect(created.hash).toMatch(/^[0-9a-f]{64}$/);

    const one = await http.get(`/v1/audit-events/${created.eventId}`).expect(200);
    expect(one.body).toEqual(created);
  });

  it('should write no audit event when the change is refused', async () => {
    const before = await newest();
    const rule = await newRule();
    const afterCreate = await newest();
    await http.delete(`/v1/rules/${rule.ruleId}`).expect(204);
    await http.post(`/v1/rules/${rule.ruleId}/activate`).expect(404);
    await http
      .post('/v1/rules')
      .send({ name: 'x', expression: 'amount >', action: 'DENY' })
      .expect(400);
    const latest = await newest();
    expect(latest.eventType).toBe('RULE_DELETED');
    expect(afterCreate.eventId).not.toBe(before.eventId);
  });

  it('should page through events with the cursor and filter them', async () => {
    for (let i = 0; i < 3; i += 1) await newRule();
    const [{ n }] = await asSuperuser<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE event_type = 'RULE_CREATED'",
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await events({
        limit: '2',
        event_type: 'rule_created',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.auditEvents.length).toBeLessThanOrEqual(2);
      for (const event of page.auditEvents) {
        expect(event.eventType).toBe('RULE_CREATED');
        seen.push(event.eventId);
      }
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    const bad = await http.get('/v1/audit-events').query({ limit: '1001' }).expect(400);
    expect(bad.body.code).toBe('TRC-0040');
    const badDate = await http.get('/v1/audit-events').query({ start_date: '2026-01-01' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.fields).toHaveProperty('start_date');
    await http.get(`/v1/audit-events/${randomUUID()}`).expect(404);
    await http.get('/v1/audit-events/nope').expect(400);
  });

  it('should chain 5,000 concurrent events without a fork, and verify them', async () => {
    const pool = new Pool({ connectionString: appUrl, max: 20 });
    try {
      await Promise.all(
        Array.from({ length: 5000 }, (_, i) =>
          pool.query(
            `INSERT INTO audit_events (id, event_id, event_type, action, result, resource_type,
               resource_id, actor_type, actor_id, actor_name, actor_ip_address, previous_hash, hash)
             VALUES (0, $1, 'RULE_UPDATED', 'UPDATE', 'SUCCESS', 'rule', $2, 'system', 'load',
               'load', '127.0.0.1', '', '')`,
            [randomUUID(), `load-${i}`],
          ),
        ),
      );
    } finally {
      await pool.end();
    }
    const [{ n, distinct_previous }] = await asSuperuser(
      'SELECT count(*)::int AS n, count(DISTINCT previous_hash)::int AS distinct_previous FROM audit_events',
    );
    expect(distinct_previous).toBe(n);
    const verify = await http
      .get(`/v1/audit-events/${(await newest()).eventId}/verify`)
      .expect(200);
    expect(verify.body).toEqual({ isValid: true, totalChecked: n, message: 'hash chain intact' });
  }, 120_000);

  it("should refuse UPDATE, DELETE and TRUNCATE by the app's role, and rewriting the anchor", async () => {
    for (const sql of [
      "UPDATE audit_events SET actor_id = 'mallory'",
      'DELETE FROM audit_events',
      'TRUNCATE audit_events',
      'UPDATE audit_chain_head SET last_id = 1',
      'DELETE FROM audit_chain_head',
      'TRUNCATE audit_chain_head',
    ]) {
      await expect(asApp(sql)).rejects.toMatchObject({ code: '42501' });
    }
    // Triggers refuse even a superuser who does not bypass them deliberately.
    await expect(asSuperuser("UPDATE audit_events SET actor_id = 'mallory'")).rejects.toThrow(
      /append-only/,
    );
    await expect(asSuperuser('UPDATE audit_chain_head SET last_id = 1')).rejects.toThrow(
      /advanced only by the audit chain/,
    );
  });

  it("should report a superuser's edit in the middle of the chain", async () => {
    const [{ id }] = await asSuperuser<{ id: string }>(
      'SELECT (max(id) / 2)::text AS id FROM audit_events',
    );
    await asSuperuser(
      `SET session_replication_role = replica;
       UPDATE audit_events SET actor_id = 'mallory' WHERE id = ${Number(id)};
       SET session_replication_role = origin;`,
    );
    const latest = await newest();
    const verify = await http.get(`/v1/audit-events/${latest.eventId}/verify`).expect(200);
    expect(verify.body).toMatchObject({
      isValid: false,
      firstInvalidId: Number(id),
      totalChecked: Number(id) - 1,
    });
    expect(verify.body.message).toContain('altered');
    // Restore the row so the next test sees only its own tampering.
    await asSuperuser(
      `SET session_replication_role = replica;
       UPDATE audit_events SET actor_id = 'load' WHERE id = ${Number(id)};
       SET session_replication_role = origin;`,
    );
    const again = await http.get(`/v1/audit-events/${latest.eventId}/verify`).expect(200);
    expect(again.body.isValid).toBe(true);
  });

  it('should report a removed tail, which the chain alone cannot reveal', async () => {
    const [{ last }] = await asSuperuser<{ last: string }>(
      'SELECT max(id)::text AS last FROM audit_events',
    );
    await asSuperuser(
      `SET session_replication_role = replica;
       DELETE FROM audit_events WHERE id > ${Number(last) - 3};
       SET session_replication_role = origin;`,
    );
    const latest = await newest();
    const verify = await http.get(`/v1/audit-events/${latest.eventId}/verify`).expect(200);
    expect(verify.body).toMatchObject({
      isValid: false,
      totalChecked: Number(last) - 3,
      firstInvalidId: Number(last) - 2,
    });
    expect(verify.body.message).toContain('tail was removed');
  });
});

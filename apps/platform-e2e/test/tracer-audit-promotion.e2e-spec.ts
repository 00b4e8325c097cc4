import { adminQuery } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Verification {
  isValid: boolean;
  totalChecked: number;
  message: string;
}

/**
 * A tracer tenant's audit trail (decision 0020: hash chain, anchor, append-only triggers and
 * revoked privileges) through tenant-manager's promotion and restore (decision 0044): the real
 * tracer wrote the chain with its own migrations, and its own verification checks it after each.
 */
describe("a tracer tenant's audit chain through promotion and restore", () => {
  let platform: Platform;
  let tenant: ProvisionedTenant;

  beforeAll(async () => {
    platform = await startPlatform();
    tenant = await provisionTenant(platform, 'ta', 'SCHEMA');
  });

  afterAll(async () => {
    if (!platform) return;
    if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    await platform.stop();
  });

  /**
   * One tracer call. While the tracer learns a new placement it answers 503 with Retry-After
   * (never anything else but the answer): those are waited out, for at most 10 s.
   */
  const tracer = async (method: string, path: string, body?: unknown) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${platform.tracer.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 503 && res.headers.get('retry-after') && Date.now() < deadline) {
        await sleep(200);
        continue;
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the tracer API
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    }
  };
  const createRule = async (name: string) => {
    const res = await tracer('POST', '/v1/rules', {
      name,
      expression: 'amount > 1000.0',
      action: 'REVIEW',
    });
    expect(res.status).toBe(201);
  };
  /** The tracer's own verification, from the newest event (it also checks the anchor). */
  const verifyNewest = async (): Promise<Verification> => {
    const list = await tracer('GET', '/v1/audit-events?limit=1&sort_order=desc');
    expect(list.status).toBe(200);
    const newest = list.body.auditEvents[0];
    const res = await tracer('GET', `/v1/audit-events/${newest.eventId}/verify`);
    expect(res.status).toBe(200);
    return res.body as Verification;
  };

  it('should verify after promotion, keep chaining in the new database, stay append-only, and restore intact', async () => {
    for (let i = 0; i < 5; i += 1) await createRule(`rule ${i}`);
    const before = await verifyNewest();
    expect(before).toMatchObject({ isValid: true, message: 'hash chain intact' });
    expect(before.totalChecked).toBeGreaterThanOrEqual(5);

    const backup = await managerCall(
      platform,
      'POST',
      `/v1/tenants/${tenant.id}/services/tracer/backups`,
    );
    expect(backup.status).toBe(201);

    const promoted = await managerCall(
      platform,
      'POST',
      `/v1/tenants/${tenant.id}/services/tracer/migrate`,
      {
        to: 'DATABASE',
      },
    );
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({
      isolationMode: 'DATABASE',
      database: `tracer_${tenant.id}`,
    });
    const database = `tracer_${tenant.id}`;

    // The tracer, now on the new database, verifies the whole chain it wrote before.
    expect(await verifyNewest()).toEqual(before);
    // And goes on writing it: the chain trigger came along and fires.
    await createRule('after promotion');
    const grown = await verifyNewest();
    expect(grown.isValid).toBe(true);
    expect(grown.totalChecked).toBeGreaterThan(before.totalChecked);

    // Append-only, twice over: the trigger refuses even a superuser, the tenant's own role has
    // no UPDATE, DELETE or TRUNCATE.
    for (const sql of [
      `UPDATE audit_events SET actor_name = 'forged' WHERE id = 1`,
      'DELETE FROM audit_events WHERE id = 1',
      'TRUNCATE audit_events',
      'DELETE FROM audit_chain_head',
    ]) {
      await expect(adminQuery(sql, [], database)).rejects.toThrow(/refused/);
    }
    const [privileges] = await adminQuery<{ update: boolean; delete: boolean; truncate: boolean }>(
      `SELECT has_table_privilege($1, 'audit_events', 'UPDATE') AS update,
              has_table_privilege($1, 'audit_events', 'DELETE') AS delete,
              has_table_privilege($1, 'audit_events', 'TRUNCATE') AS truncate`,
      [`tracer_${tenant.id}`],
      database,
    );
    expect(privileges).toEqual({ update: false, delete: false, truncate: false });

    // The backup taken in SCHEMA mode restores into the promoted database: the chain as it was.
    const restored = await managerCall(
      platform,
      'POST',
      `/v1/tenants/${tenant.id}/services/tracer/restore`,
      {
        backupId: backup.body.backupId,
      },
    );
    expect(restored.status).toBe(200);
    expect(await verifyNewest()).toEqual(before);
    await createRule('after restore');
    const resumed = await verifyNewest();
    expect(resumed).toMatchObject({ isValid: true, totalChecked: grown.totalChecked });
    await expect(adminQuery('TRUNCATE audit_events', [], database)).rejects.toThrow(/refused/);
  });
});

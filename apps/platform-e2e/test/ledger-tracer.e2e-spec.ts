import { adminQuery, createTestDatabase, type TestDatabase } from '@finplat/testing';
import { SignJWT } from 'jose';
import {
  api,
  ledgerWithAccounts,
  tenantSql,
  transferBody,
  type LedgerFixture,
  type LedgerTarget,
} from '../src/ledger-client';
import { freePort, startApp, type RunningApp } from '../src/processes';

const SECRET = 'ledger-tracer-e2e-secret-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The ledger consults the tracer (issue 9 item 7): both built apps, auth on (HS256), so the
 * tracer answers the ledger only because the ledger forwards the caller's verified token.
 * Modes off, advisory and enforce; postures open and closed; DENY, REVIEW and ALLOW; the
 * tracer's holds confirmed on commit and released on failure, cancel and revert; the tracer
 * stopped and frozen mid-run.
 */
describe('ledger + tracer: the ledger consults the tracer before posting', () => {
  let ledgerDb: TestDatabase;
  let tracerDb: TestDatabase;
  let tracer: RunningApp;
  let tracerPort: number;
  let ledger: RunningApp;
  let target: LedgerTarget;
  let tracerUrl: string;
  let token: string;
  let fixture: LedgerFixture;
  let aliceId: string;

  const authEnv = { PLUGIN_AUTH_ENABLED: 'true', AUTH_JWT_SECRET: SECRET, HOST: '127.0.0.1' };
  const startTracer = () =>
    startApp('tracer', { ...authEnv, DATABASE_URL: tracerDb.url }, tracerPort).then((app) => {
      tracer = app;
    });

  const tracerCall = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${tracerUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  let seq = 0;
  const activeRule = async (expression: string, action: string) => {
    const rule = await tracerCall('POST', '/v1/rules', {
      name: `ledger rule ${(seq += 1)}-${Date.now()}`,
      expression,
      action,
      scopes: [{ accountId: aliceId }],
    });
    await tracerCall('POST', `/v1/rules/${rule.ruleId}/activate`);
    return rule.ruleId as string;
  };
  const reservations = (transactionId: string) =>
    adminQuery<{ status: string; amount: string; long_lived: boolean }>(
      'SELECT status, amount::text, long_lived FROM usage_reservations WHERE transaction_id = $1',
      [transactionId],
      tracerDb.name,
    );
  /** Confirm and release go out after the answer: wait until the holds reach a status. */
  const holdsBecome = async (transactionId: string, status: string) => {
    let rows = await reservations(transactionId);
    for (let i = 0; i < 100 && !(rows.length > 0 && rows.every((r) => r.status === status)); i++) {
      await sleep(100);
      rows = await reservations(transactionId);
    }
    return rows;
  };
  const settings = (tracerBlock: Record<string, unknown>) =>
    api(target, 'PATCH', `${fixture.base}/settings`, { tracer: tracerBlock });
  const transfer = (value: string, extra: Record<string, unknown> = {}) =>
    api(target, 'POST', `${fixture.base}/transactions/json`, {
      ...transferBody('@alice', '@bob', value),
      ...extra,
    });
  const available = async (alias: string) => {
    const rows = await tenantSql<{ available: string; on_hold: string }>(
      target,
      `SELECT available::text, on_hold::text FROM {t}balance
        WHERE ledger_id = $1 AND alias = $2 AND key = 'default'`,
      [fixture.ledgerId, alias],
    );
    return rows[0];
  };

  beforeAll(async () => {
    token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ledger-tracer-e2e')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    ledgerDb = await createTestDatabase('lt_ledger');
    tracerDb = await createTestDatabase('lt_tracer');
    tracerPort = await freePort();
    await startTracer();
    tracerUrl = tracer.url;
    ledger = await startApp('ledger', {
      ...authEnv,
      DATABASE_URL: ledgerDb.url,
      TRACER_URL: tracerUrl,
    });
    target = { label: 'single', url: ledger.url, token, placement: { database: ledgerDb.name } };
    fixture = await ledgerWithAccounts(target, ['@alice', '@bob'], '10000.00');
    const carol = await api(target, 'POST', `${fixture.base}/accounts`, {
      assetCode: 'USD',
      type: 'deposit',
      alias: '@carol',
    });
    expect(carol.status).toBe(201);
    const accounts = await api(target, 'GET', `${fixture.base}/accounts/alias/@alice`);
    aliceId = accounts.body.id;
    // A daily limit on every ledger transfer: what the ledger's postings reserve against.
    const limit = await tracerCall('POST', '/v1/limits', {
      name: 'transfers daily',
      limitType: 'DAILY',
      maxAmount: '50000.00',
      currency: 'USD',
      scopes: [{ subType: 'transfer' }],
    });
    await tracerCall('POST', `/v1/limits/${limit.limitId}/activate`);
  }, 120_000);

  afterAll(async () => {
    await ledger?.stop();
    await tracer?.stop();
    await ledgerDb?.drop();
    await tracerDb?.drop();
  });

  it('should not consult the tracer in mode off (the default)', async () => {
    const res = await transfer('10.00');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tracerSkipped: false, status: { code: 'APPROVED' } });
    expect(await reservations(res.body.id)).toEqual([]);
  });

  it('should post an ALLOW in enforce and confirm its hold once it commits', async () => {
    expect(
      (await settings({ mode: 'enforce', failPosture: 'closed', timeoutMs: 5000 })).status,
    ).toBe(200);
    const res = await transfer('100.00');
    expect(res.status).toBe(201);
    expect(res.body.status.code).toBe('APPROVED');
    expect(res.body.status.description).toContain('Tracer ALLOW');
    expect(res.body.tracerSkipped).toBe(false);
    const holds = await holdsBecome(res.body.id, 'CONFIRMED');
    expect(holds).toEqual([{ status: 'CONFIRMED', amount: '100', long_lived: false }]);
  });

  it('should refuse a DENY in enforce with 0177 and the rule in the message, posting nothing', async () => {
    const rule = await activeRule('amount > 900.0', 'DENY');
    const before = await available('@alice');
    const res = await transfer('950.00');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('0177');
    expect(res.body.message).toContain('denied by rule');
    expect(res.body.message).toContain('ledger rule');
    expect(await available('@alice')).toEqual(before);
    const rows = await tenantSql<{ n: string }>(
      target,
      `SELECT count(*)::text AS n FROM {t}transaction WHERE ledger_id = $1 AND amount = 950`,
      [fixture.ledgerId],
    );
    expect(rows[0].n).toBe('0');
    await tracerCall('POST', `/v1/rules/${rule}/deactivate`);
  });

  it('should hold a REVIEW as pending: commit confirms its hold, cancel releases it', async () => {
    const rule = await activeRule('amount > 700.0', 'REVIEW');
    const before = await available('@alice');
    const reviewed = await transfer('750.00');
    expect(reviewed.status).toBe(201);
    expect(reviewed.body.status.code).toBe('PENDING');
    expect(reviewed.body.status.description).toContain('Tracer REVIEW');
    const held = await available('@alice');
    expect(Number(held.on_hold) - Number(before.on_hold)).toBe(750);
    expect(await reservations(reviewed.body.id)).toEqual([
      { status: 'RESERVED', amount: '750', long_lived: false },
    ]);
    const committed = await api(
      target,
      'POST',
      `${fixture.base}/transactions/${reviewed.body.id}/commit`,
    );
    expect(committed.status).toBe(201);
    expect(committed.body.status.code).toBe('APPROVED');
    expect(await holdsBecome(reviewed.body.id, 'CONFIRMED')).toHaveLength(1);

    const second = await transfer('720.00');
    expect(second.body.status.code).toBe('PENDING');
    const canceled = await api(
      target,
      'POST',
      `${fixture.base}/transactions/${second.body.id}/cancel`,
    );
    expect(canceled.status).toBe(201);
    expect(await holdsBecome(second.body.id, 'RELEASED')).toHaveLength(1);
    await tracerCall('POST', `/v1/rules/${rule}/deactivate`);
  });

  it('should release the hold of a revert and of a posting that fails', async () => {
    const posted = await transfer('40.00');
    expect(posted.status).toBe(201);
    await holdsBecome(posted.body.id, 'CONFIRMED');
    const reverted = await api(
      target,
      'POST',
      `${fixture.base}/transactions/${posted.body.id}/revert`,
    );
    expect(reverted.status).toBe(201);
    expect(await holdsBecome(posted.body.id, 'RELEASED')).toHaveLength(1);

    // carol has nothing: the tracer allows and holds, the ledger refuses (0018), the hold goes.
    const failing = await api(target, 'POST', `${fixture.base}/transactions/json`, {
      ...transferBody('@carol', '@bob', '321.00'),
    });
    expect(failing.status).toBe(422);
    expect(failing.body.code).toBe('0018');
    let rows: { status: string }[] = [];
    for (let i = 0; i < 100; i++) {
      rows = await adminQuery<{ status: string }>(
        `SELECT status FROM usage_reservations WHERE amount = 321`,
        [],
        tracerDb.name,
      );
      if (rows.length === 1 && rows[0].status === 'RELEASED') break;
      await sleep(100);
    }
    expect(rows).toEqual([{ status: 'RELEASED' }]);
  });

  it('should record the decision without blocking in advisory', async () => {
    expect((await settings({ mode: 'advisory' })).status).toBe(200);
    const rule = await activeRule('amount > 600.0', 'DENY');
    const before = await available('@alice');
    const res = await transfer('650.00');
    expect(res.status).toBe(201);
    expect(res.body.status.code).toBe('APPROVED');
    expect(res.body.status.description).toContain('Tracer advisory DENY');
    expect(Number(before.available) - Number((await available('@alice')).available)).toBe(650);
    await tracerCall('POST', `/v1/rules/${rule}/deactivate`);
    const allowed = await transfer('30.00');
    expect(allowed.body.status.description).toContain('Tracer advisory ALLOW');
    expect(await holdsBecome(allowed.body.id, 'CONFIRMED')).toHaveLength(1);
  });

  it('should answer by its posture when the tracer is frozen past timeoutMs', async () => {
    expect((await settings({ mode: 'enforce', failPosture: 'open', timeoutMs: 300 })).status).toBe(
      200,
    );
    tracer.process.kill('SIGSTOP');
    try {
      const open = await transfer('11.00');
      expect(open.status).toBe(201);
      expect(open.body).toMatchObject({ tracerSkipped: true, status: { code: 'APPROVED' } });
      expect(open.body.status.description).toContain('no answer within 300 ms');

      expect((await settings({ failPosture: 'closed' })).status).toBe(200);
      const closed = await transfer('12.00');
      expect(closed.status).toBe(503);
      expect(closed.body.code).toBe('0178');
      expect(closed.body.message).toContain('no answer within 300 ms');
    } finally {
      tracer.process.kill('SIGCONT');
    }
  });

  it('should answer by its posture when the tracer is stopped, and consult it again once back', async () => {
    expect(
      (await settings({ mode: 'enforce', failPosture: 'closed', timeoutMs: 2000 })).status,
    ).toBe(200);
    await tracer.stop();
    const closed = await transfer('13.00');
    expect(closed.status).toBe(503);
    expect(closed.body.code).toBe('0178');
    const retryAfter = await fetch(`${target.url}${fixture.base}/transactions/json`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(transferBody('@alice', '@bob', '14.00')),
    });
    expect(retryAfter.status).toBe(503);
    expect(Number(retryAfter.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await settings({ failPosture: 'open' })).status).toBe(200);
    const open = await transfer('15.00');
    expect(open.status).toBe(201);
    expect(open.body.tracerSkipped).toBe(true);
    const stored = await api(target, 'GET', `${fixture.base}/transactions/${open.body.id}`);
    expect(stored.body.tracerSkipped).toBe(true);

    await startTracer();
    const back = await transfer('16.00');
    expect(back.status).toBe(201);
    expect(back.body.status.description).toContain('Tracer ALLOW');
    expect(back.body.tracerSkipped).toBe(false);
    expect(await holdsBecome(back.body.id, 'CONFIRMED')).toHaveLength(1);
  });

  it('should refuse the ledger that forwards no valid token: the tracer verifies the caller', async () => {
    // Straight to the tracer without a token: refused, so the holds above came from forwarding.
    const res = await fetch(`${tracerUrl}/v1/reservations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ transactionId: crypto.randomUUID(), amount: '1', currency: 'USD' }),
    });
    expect(res.status).toBe(401);
  });
});

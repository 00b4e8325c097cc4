import Decimal from 'decimal.js';
import {
  api,
  ledgerWithAccounts,
  tenantSql,
  transferBody,
  type LedgerTarget,
} from './ledger-client';

const D = Decimal.clone({ precision: 100 });

interface BalanceRow extends Record<string, unknown> {
  id: string;
  alias: string;
  key: string;
  direction: string;
  available: string;
  on_hold: string;
  overdraft_used: string;
  version: string;
}

interface OperationRow extends Record<string, unknown> {
  balance_id: string;
  type: string;
  direction: string;
  amount: string;
  available_before: string;
  on_hold_before: string;
  overdraft_used_before: string;
  version_before: string;
  available_after: string;
  on_hold_after: string;
  overdraft_used_after: string;
  version_after: string;
}

export async function balancesOf(target: LedgerTarget, ledgerId: string): Promise<BalanceRow[]> {
  return tenantSql<BalanceRow>(
    target,
    `SELECT id, alias, key, direction, available::text, on_hold::text, overdraft_used::text,
            version::text FROM {t}balance
      WHERE ledger_id = $1 AND deleted_at IS NULL ORDER BY alias, key`,
    [ledgerId],
  );
}

/**
 * Every balance of the ledger, @external included, sums to zero: money is only moved. The
 * internal overdraft balances are debit-direction (what accounts owe) and count negatively;
 * each one carries exactly the overdraft its account's balances use.
 */
export async function assertSumsToZero(target: LedgerTarget, ledgerId: string): Promise<void> {
  const [row] = await tenantSql<{ total: string }>(
    target,
    `SELECT coalesce(sum(CASE WHEN direction = 'debit' THEN -(available + on_hold)
                              ELSE available + on_hold END), 0)::text AS total
       FROM {t}balance WHERE ledger_id = $1 AND deleted_at IS NULL`,
    [ledgerId],
  );
  expect(new D(row.total).isZero()).toBe(true);
  const owed = await tenantSql<{ alias: string; owed: string; carried: string }>(
    target,
    `SELECT alias,
            sum(overdraft_used) FILTER (WHERE direction = 'credit')::text AS owed,
            coalesce(sum(available) FILTER (WHERE key = 'overdraft' AND direction = 'debit'), 0)::text
              AS carried
       FROM {t}balance WHERE ledger_id = $1 AND deleted_at IS NULL GROUP BY alias`,
    [ledgerId],
  );
  for (const account of owed) {
    expect(`${account.alias}=${new D(account.carried).toFixed()}`).toBe(
      `${account.alias}=${new D(account.owed).toFixed()}`,
    );
  }
}

/**
 * Replaying the operations of each balance from zero, in version order, reproduces its
 * available, on-hold and version exactly, and each operation continues the previous one.
 */
export async function assertOperationsReplay(
  target: LedgerTarget,
  ledgerId: string,
): Promise<void> {
  const balances = await balancesOf(target, ledgerId);
  const ops = await tenantSql<OperationRow>(
    target,
    `SELECT balance_id, type, direction, amount::text, available_before::text, on_hold_before::text,
            overdraft_used_before::text, version_before::text, available_after::text,
            on_hold_after::text, overdraft_used_after::text, version_after::text
       FROM {t}operation o WHERE o.ledger_id = $1 AND o.balance_affected
      ORDER BY o.balance_id, o.version_after -- qualified: the bigint, not its text alias
    `,
    [ledgerId],
  );
  for (const balance of balances) {
    let available = new D(0);
    let onHold = new D(0);
    let overdraftUsed = new D(0);
    let version = 1n;
    for (const op of ops.filter((o) => o.balance_id === balance.id)) {
      expect(BigInt(op.version_before)).toBe(version);
      expect(new D(op.available_before).eq(available)).toBe(true);
      expect(new D(op.on_hold_before).eq(onHold)).toBe(true);
      expect(new D(op.overdraft_used_before).eq(overdraftUsed)).toBe(true);
      const amount = new D(op.amount);
      // What came in repays the overdraft first; a debit past zero accrues it (floor at zero).
      const settle = (delta: Decimal) => {
        let next = available.plus(delta);
        if (delta.gt(0) && overdraftUsed.gt(0)) {
          const repaid = Decimal.min(delta, overdraftUsed);
          overdraftUsed = overdraftUsed.minus(repaid);
          next = next.minus(repaid);
        } else if (next.isNegative() && new D(op.overdraft_used_after).gt(overdraftUsed)) {
          overdraftUsed = overdraftUsed.plus(next.negated());
          next = new D(0);
        }
        available = next;
      };
      if (op.type === 'OVERDRAFT')
        available = op.direction === 'debit' ? available.plus(amount) : available.minus(amount);
      else if (op.type === 'CREDIT') settle(amount);
      else if (op.type === 'DEBIT' && new D(op.on_hold_before).minus(op.on_hold_after).eq(amount))
        onHold = onHold.minus(amount);
      else if (op.type === 'DEBIT') settle(amount.negated());
      // With route validation a hold or cancel is split into single-field operations: the
      // ON_HOLD or RELEASE half leaves available as it was.
      else if (op.type === 'ON_HOLD' && new D(op.available_before).eq(op.available_after))
        onHold = onHold.plus(amount);
      else if (op.type === 'ON_HOLD')
        [available, onHold] = [available.minus(amount), onHold.plus(amount)];
      else if (op.type === 'RELEASE' && new D(op.available_before).eq(op.available_after))
        onHold = onHold.minus(amount);
      else if (op.type === 'RELEASE')
        [available, onHold] = [available.plus(amount), onHold.minus(amount)];
      // Blocking moves available funds between balances of one account.
      else if (op.type === 'BLOCK' || op.type === 'UNBLOCK')
        available = op.direction === 'debit' ? available.minus(amount) : available.plus(amount);
      else throw new Error(`operation type ${op.type} has no replay rule`);
      version += 1n;
      expect(new D(op.available_after).eq(available)).toBe(true);
      expect(new D(op.on_hold_after).eq(onHold)).toBe(true);
      expect(new D(op.overdraft_used_after).eq(overdraftUsed)).toBe(true);
      expect(BigInt(op.version_after)).toBe(version);
    }
    expect({
      alias: balance.alias,
      available: new D(balance.available).toFixed(),
      onHold: new D(balance.on_hold).toFixed(),
      overdraftUsed: new D(balance.overdraft_used).toFixed(),
      version: balance.version,
    }).toEqual({
      alias: balance.alias,
      available: available.toFixed(),
      onHold: onHold.toFixed(),
      overdraftUsed: overdraftUsed.toFixed(),
      version: version.toString(),
    });
  }
}

/** The ledger invariants, as one suite body run against any target. */
export function describeLedgerInvariants(getTarget: () => LedgerTarget): void {
  it('should keep every balance exact after 300 concurrent random transfers', async () => {
    const target = getTarget();
    const aliases = Array.from({ length: 8 }, (_, i) => `@inv-${i}`);
    const { base, ledgerId } = await ledgerWithAccounts(target, aliases, '1000');
    const expected = new Map(aliases.map((a) => [a, new D(1000)]));
    const transfers = Array.from({ length: 300 }, () => {
      const from = aliases[Math.floor(Math.random() * aliases.length)];
      let to = aliases[Math.floor(Math.random() * aliases.length)];
      if (to === from) to = aliases[(aliases.indexOf(from) + 1) % aliases.length];
      const value = new D(Math.floor(Math.random() * 30_000) + 1).div(100).toFixed();
      return { from, to, value };
    });
    const answers = await Promise.all(
      transfers.map((t) =>
        api(target, 'POST', `${base}/transactions/json`, transferBody(t.from, t.to, t.value)),
      ),
    );
    answers.forEach((answer, i) => {
      expect([201, 422]).toContain(answer.status);
      if (answer.status === 422) {
        expect(answer.body.code).toBe('0018');
        return;
      }
      const { from, to, value } = transfers[i];
      expected.set(from, expected.get(from)!.minus(value));
      expected.set(to, expected.get(to)!.plus(value));
    });
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(50);
    const balances = await balancesOf(target, ledgerId);
    for (const alias of aliases) {
      const row = balances.find((b) => b.alias === alias)!;
      expect(`${alias}=${new D(row.available).toFixed()}`).toBe(
        `${alias}=${expected.get(alias)!.toFixed()}`,
      );
      expect(new D(row.available).isNegative()).toBe(false);
    }
    await assertSumsToZero(target, ledgerId);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should let exactly as many of 150 concurrent debits through as a hot account can pay', async () => {
    const target = getTarget();
    const { base, ledgerId } = await ledgerWithAccounts(target, ['@hot', '@sink'], '100.00');
    const answers = await Promise.all(
      Array.from({ length: 150 }, () =>
        api(target, 'POST', `${base}/transactions/json`, transferBody('@hot', '@sink', '1.00')),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(100);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(50);
    expect(refused.every((a) => a.status === 422 && a.body.code === '0018')).toBe(true);
    const balances = await balancesOf(target, ledgerId);
    expect(new D(balances.find((b) => b.alias === '@hot')!.available).isZero()).toBe(true);
    expect(new D(balances.find((b) => b.alias === '@sink')!.available).eq(200)).toBe(true);
    await assertSumsToZero(target, ledgerId);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should conserve money through concurrent pending, commit, cancel and revert', async () => {
    const target = getTarget();
    const aliases = ['@p-0', '@p-1', '@p-2', '@p-3'];
    const { base, ledgerId } = await ledgerWithAccounts(target, aliases, '500');
    const pendings = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api(
          target,
          'POST',
          `${base}/transactions/json`,
          transferBody(aliases[i % 4], aliases[(i + 1) % 4], '7.25', { pending: true }),
        ),
      ),
    );
    expect(pendings.every((p) => p.status === 201 && p.body.status.code === 'PENDING')).toBe(true);
    const settled = await Promise.all(
      pendings.map((p, i) =>
        api(target, 'POST', `${base}/transactions/${p.body.id}/${i % 2 ? 'commit' : 'cancel'}`),
      ),
    );
    expect(settled.every((s) => s.status === 201)).toBe(true);
    const committed = pendings.filter((_, i) => i % 2);
    const reverts = await Promise.all(
      committed.flatMap((p) => [
        api(target, 'POST', `${base}/transactions/${p.body.id}/revert`),
        api(target, 'POST', `${base}/transactions/${p.body.id}/revert`),
      ]),
    );
    expect(reverts.filter((r) => r.status === 201)).toHaveLength(committed.length);
    expect(reverts.filter((r) => r.status === 422).every((r) => r.body.code === '0087')).toBe(true);
    // Every pending was either committed then reverted, or canceled: all back where they started.
    for (const balance of await balancesOf(target, ledgerId)) {
      if (!balance.alias.startsWith('@p-')) continue;
      expect(
        `${balance.alias}=${new D(balance.available).toFixed()}/${new D(balance.on_hold).toFixed()}`,
      ).toBe(`${balance.alias}=500/0`);
    }
    await assertSumsToZero(target, ledgerId);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should conserve money through concurrent blocks, unblocks and transfers', async () => {
    const target = getTarget();
    const aliases = ['@b-0', '@b-1', '@b-2'];
    const { base, ledgerId } = await ledgerWithAccounts(target, aliases, '100');
    for (const alias of aliases) {
      const account = await api(target, 'GET', `${base}/accounts/alias/${alias}`);
      const frozen = await api(target, 'POST', `${base}/accounts/${account.body.id}/balances`, {
        key: 'frozen',
        allowSending: false,
      });
      expect(frozen.status).toBe(201);
    }
    const move = (kind: 'block' | 'unblock', alias: string, value: string) => {
      const [fromKey, toKey] = kind === 'block' ? ['default', 'frozen'] : ['frozen', 'default'];
      return api(target, 'POST', `${base}/transactions/${kind}`, {
        send: {
          asset: 'USD',
          value,
          source: {
            from: [{ accountAlias: alias, balanceKey: fromKey, amount: { asset: 'USD', value } }],
          },
          distribute: {
            to: [{ accountAlias: alias, balanceKey: toKey, amount: { asset: 'USD', value } }],
          },
        },
      });
    };
    const answers = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const alias = aliases[i % 3];
        if (i % 3 === 0) return move('block', alias, '7.5');
        if (i % 3 === 1) return move('unblock', alias, '2.5');
        return api(
          target,
          'POST',
          `${base}/transactions/json`,
          transferBody(alias, aliases[(i + 1) % 3], '3'),
        );
      }),
    );
    expect(
      answers.every((a) => a.status === 201 || (a.status === 422 && a.body.code === '0018')),
    ).toBe(true);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(30);
    const balances = await tenantSql<{ alias: string; key: string; available: string }>(
      target,
      `SELECT alias, key, available::text FROM {t}balance
        WHERE ledger_id = $1 AND deleted_at IS NULL AND alias LIKE '@b-%'`,
      [ledgerId],
    );
    const total = balances.reduce((sum, b) => sum.plus(b.available), new D(0));
    expect(total.eq(300)).toBe(true);
    expect(balances.every((b) => !new D(b.available).isNegative())).toBe(true);
    await assertSumsToZero(target, ledgerId);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should conserve money through concurrent overdraft debits and repayments', async () => {
    const target = getTarget();
    const aliases = ['@o-0', '@o-1', '@o-2', '@o-3'];
    const { base, ledgerId } = await ledgerWithAccounts(target, aliases, '20');
    for (const [i, alias] of aliases.entries()) {
      const [balance] = (await api(target, 'GET', `${base}/accounts/alias/${alias}/balances`)).body
        .items;
      const patched = await api(target, 'PATCH', `${base}/balances/${balance.id}`, {
        settings:
          i === 0
            ? { allowOverdraft: true, overdraftLimitEnabled: true, overdraftLimit: '50' }
            : { allowOverdraft: true },
      });
      expect(patched.status).toBe(200);
    }
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const from = aliases[i % 4];
        const to = aliases[(i * 3 + 1) % 4];
        const value = new D((i % 7) + 1).times('3.33').toFixed();
        return api(target, 'POST', `${base}/transactions/json`, transferBody(from, to, value));
      }),
    );
    expect(
      answers.every((a) => a.status === 201 || (a.status === 422 && a.body.code === '0167')),
    ).toBe(true);
    const [drawn] = await tenantSql<{ n: string }>(
      target,
      `SELECT count(*)::text AS n FROM {t}operation WHERE ledger_id = $1 AND type = 'OVERDRAFT'`,
      [ledgerId],
    );
    expect(Number(drawn.n)).toBeGreaterThan(0);
    const balances = await balancesOf(target, ledgerId);
    for (const b of balances.filter((x) => x.alias.startsWith('@o-') && x.key === 'default')) {
      expect(new D(b.available).isNegative()).toBe(false);
      if (new D(b.overdraft_used).gt(0)) expect(new D(b.available).isZero()).toBe(true);
      if (b.alias === '@o-0') expect(new D(b.overdraft_used).lte(50)).toBe(true);
    }
    await assertSumsToZero(target, ledgerId);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should make one effect of 30 concurrent replays of one idempotency key', async () => {
    const target = getTarget();
    const { base, ledgerId } = await ledgerWithAccounts(target, ['@i-a', '@i-b'], '10');
    const body = transferBody('@i-a', '@i-b', '3');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${target.url}${base}/transactions/json`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Idempotency': 'same-key',
            ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}),
          },
          body: JSON.stringify(body),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { id?: string; code?: string },
        })),
      ),
    );
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.body.code === '0084')).toBe(true);
    const balances = await balancesOf(target, ledgerId);
    expect(new D(balances.find((b) => b.alias === '@i-a')!.available).eq(7)).toBe(true);
    await assertOperationsReplay(target, ledgerId);
  });

  it('should change no byte of any balance when a request is refused', async () => {
    const target = getTarget();
    const { base, ledgerId } = await ledgerWithAccounts(target, ['@r-a', '@r-b'], '5');
    const before = await balancesOf(target, ledgerId);
    const refusals = await Promise.all([
      api(target, 'POST', `${base}/transactions/json`, transferBody('@r-a', '@r-b', '5.01')),
      api(target, 'POST', `${base}/transactions/json`, {
        send: {
          asset: 'USD',
          value: '4',
          source: { from: [{ accountAlias: '@r-a', amount: { asset: 'USD', value: '4' } }] },
          distribute: {
            to: [
              { accountAlias: '@r-b', amount: { asset: 'USD', value: '2' } },
              { accountAlias: '@missing', amount: { asset: 'USD', value: '2' } },
            ],
          },
        },
      }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([422, 404]);
    expect(await balancesOf(target, ledgerId)).toEqual(before);
  });
}

import { randomBytes } from 'node:crypto';
import { api, ledgerWithAccounts, transferBody, type LedgerTarget } from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

/**
 * The ledger's settings, block/unblock, overdraft, routes, CRM and fees are per tenant: what
 * one tenant creates or changes is 404 (or untouched) for another, even given its ids.
 */
describe('ledger depth across tenants (multi-tenant, SCHEMA mode)', () => {
  let platform: Platform;
  let a: ProvisionedTenant;
  let b: ProvisionedTenant;
  let targetA: LedgerTarget;
  let targetB: LedgerTarget;

  beforeAll(async () => {
    // A KEK, so that the CRM's holder and instrument endpoints answer (503 without one).
    platform = await startPlatform({ LEDGER_CRM_KEK: randomBytes(32).toString('base64') });
    a = await provisionTenant(platform, 'depth-a', 'SCHEMA');
    b = await provisionTenant(platform, 'depth-b', 'SCHEMA');
    const targetOf = (tenant: ProvisionedTenant): LedgerTarget => ({
      label: tenant.id,
      url: platform.ledger.url,
      token: tenant.token,
      placement: tenant.body.services.ledger,
    });
    targetA = targetOf(a);
    targetB = targetOf(b);
  });

  afterAll(async () => {
    for (const tenant of [a, b]) {
      if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    }
    await platform?.stop();
  });

  it('should keep ledger settings per tenant', async () => {
    const { base } = await ledgerWithAccounts(targetA, [], '0');
    const patched = await api(targetA, 'PATCH', `${base}/settings`, {
      overrides: { allowFeeSkip: true },
      tracer: { mode: 'advisory' },
    });
    expect(patched.status).toBe(200);
    expect((await api(targetB, 'GET', `${base}/settings`)).status).toBe(404);
    expect(
      (await api(targetB, 'PATCH', `${base}/settings`, { tracer: { mode: 'off' } })).status,
    ).toBe(404);
    const own = await api(targetA, 'GET', `${base}/settings`);
    expect(own.body.tracer.mode).toBe('advisory');
    expect(own.body.overrides.allowFeeSkip).toBe(true);
  });

  it('should keep block and unblock per tenant', async () => {
    const { base } = await ledgerWithAccounts(targetA, ['@blk'], '50');
    const account = await api(targetA, 'GET', `${base}/accounts/alias/@blk`);
    await api(targetA, 'POST', `${base}/accounts/${account.body.id}/balances`, {
      key: 'frozen',
      allowSending: false,
    });
    const body = (fromKey: string, toKey: string) => ({
      send: {
        asset: 'USD',
        value: '5',
        source: {
          from: [
            { accountAlias: '@blk', balanceKey: fromKey, amount: { asset: 'USD', value: '5' } },
          ],
        },
        distribute: {
          to: [{ accountAlias: '@blk', balanceKey: toKey, amount: { asset: 'USD', value: '5' } }],
        },
      },
    });
    const blocked = await api(
      targetA,
      'POST',
      `${base}/transactions/block`,
      body('default', 'frozen'),
    );
    expect(blocked.status).toBe(201);
    for (const kind of ['block', 'unblock']) {
      const other = await api(
        targetB,
        'POST',
        `${base}/transactions/${kind}`,
        body('frozen', 'default'),
      );
      expect([other.status, other.body.code]).toEqual([404, '0007']);
    }
    expect((await api(targetB, 'GET', `${base}/transactions/${blocked.body.id}`)).status).toBe(404);
    const frozen = await api(targetA, 'GET', `${base}/accounts/alias/@blk/balances`);
    expect(frozen.body.items.find((b: { key: string }) => b.key === 'frozen').available).toBe('5');
  });
  it('should keep overdraft settings and internal balances per tenant', async () => {
    const { base } = await ledgerWithAccounts(targetA, ['@odt'], '0');
    const [balance] = (await api(targetA, 'GET', `${base}/accounts/alias/@odt/balances`)).body
      .items;
    const settings = { settings: { allowOverdraft: true } };
    expect((await api(targetB, 'PATCH', `${base}/balances/${balance.id}`, settings)).status).toBe(
      404,
    );
    expect((await api(targetA, 'PATCH', `${base}/balances/${balance.id}`, settings)).status).toBe(
      200,
    );
    const internal = (
      await api(targetA, 'GET', `${base}/accounts/alias/@odt/balances`)
    ).body.items.find((b: { key: string }) => b.key === 'overdraft');
    expect((await api(targetB, 'GET', `${base}/balances/${internal.id}`)).status).toBe(404);
    expect((await api(targetB, 'DELETE', `${base}/balances/${internal.id}`)).status).toBe(404);
  });
  it('should keep operation and transaction routes per tenant', async () => {
    const { base } = await ledgerWithAccounts(targetA, [], '0');
    const source = await api(targetA, 'POST', `${base}/operation-routes`, {
      title: 'Tenant source',
      operationType: 'bidirectional',
    });
    expect(source.status).toBe(201);
    const route = await api(targetA, 'POST', `${base}/transaction-routes`, {
      title: 'Tenant route',
      operationRoutes: [source.body.id],
    });
    expect(route.status).toBe(201);
    for (const path of [
      `${base}/operation-routes/${source.body.id}`,
      `${base}/transaction-routes/${route.body.id}`,
    ]) {
      expect((await api(targetB, 'GET', path)).status).toBe(404);
      expect((await api(targetB, 'PATCH', path, { title: 'stolen' })).status).toBe(404);
      expect((await api(targetB, 'DELETE', path)).status).toBe(404);
    }
    expect((await api(targetB, 'GET', `${base}/operation-routes`)).status).toBe(404);
    const own = await api(targetA, 'GET', `${base}/operation-routes/${source.body.id}`);
    expect(own.body.title).toBe('Tenant source');
  });

  it('should keep holders, instruments and holder accounts per tenant', async () => {
    const { base, ledgerId } = await ledgerWithAccounts(targetA, [], '0');
    const org = base.split('/ledgers/')[0];
    const holder = await api(targetA, 'POST', `${org}/holders`, {
      type: 'NATURAL_PERSON',
      name: 'Tenant Person',
      document: '91315026015',
    });
    expect(holder.status).toBe(201);
    const opened = await api(targetA, 'POST', `${base}/holders/${holder.body.id}/accounts`, {
      account: { assetCode: 'USD', type: 'deposit', alias: '@held' },
      instrument: {},
    });
    expect(opened.status).toBe(201);
    const instrument = `${org}/holders/${holder.body.id}/instruments/${opened.body.instrument.id}`;
    for (const [method, path, body] of [
      ['GET', `${org}/holders/${holder.body.id}`],
      ['PATCH', `${org}/holders/${holder.body.id}`, { name: 'Stolen' }],
      ['DELETE', `${org}/holders/${holder.body.id}`],
      ['GET', `${org}/holders/${holder.body.id}/accounts`],
      ['GET', instrument],
      ['PATCH', instrument, { metadata: { stolen: 'yes' } }],
      ['DELETE', instrument],
      ['GET', `${org}/instruments`],
      [
        'POST',
        `${org}/holders/${holder.body.id}/instruments`,
        { ledgerId, accountId: opened.body.account.id },
      ],
      [
        'POST',
        `${base}/holders/${holder.body.id}/accounts`,
        { account: { assetCode: 'USD', type: 'deposit' } },
      ],
    ] as [string, string, object?][]) {
      const res = await api(targetB, method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const own = await api(targetA, 'GET', `${org}/holders/${holder.body.id}/accounts`);
    expect(own.body.items.map((a: { alias: string }) => a.alias)).toEqual(['@held']);
    expect((await api(targetA, 'GET', `${org}/holders/${holder.body.id}`)).body.name).toBe(
      'Tenant Person',
    );
  });

  it('should keep fee packages, estimates and billing per tenant', async () => {
    const { base, ledgerId } = await ledgerWithAccounts(
      targetA,
      ['@payer', '@payee', '@fees'],
      '100',
    );
    const org = base.split('/ledgers/')[0];
    const pkg = await api(targetA, 'POST', `${org}/packages`, {
      feeGroupLabel: 'Tenant fees',
      ledgerId,
      minimumAmount: '0',
      maximumAmount: '1000',
      fees: {
        flat: {
          feeLabel: 'Flat',
          calculationModel: {
            applicationRule: 'flatFee',
            calculations: [{ type: 'flat', value: '1' }],
          },
          referenceAmount: 'originalAmount',
          priority: 1,
          isDeductibleFrom: false,
          creditAccount: '@fees',
        },
      },
    });
    expect(pkg.status).toBe(201);
    const billing = await api(targetA, 'POST', `${org}/billing-packages`, {
      ledgerId,
      label: 'Tenant maintenance',
      type: 'maintenance',
      assetCode: 'USD',
      feeAmount: '2',
      maintenanceCreditAccount: '@fees',
      accountTarget: { aliases: ['@payer'] },
    });
    expect(billing.status).toBe(201);
    for (const path of [
      `${org}/packages/${pkg.body.id}`,
      `${org}/billing-packages/${billing.body.id}`,
    ]) {
      expect((await api(targetB, 'GET', path)).status).toBe(404);
      expect((await api(targetB, 'PATCH', path, { description: 'stolen' })).status).toBe(404);
      expect((await api(targetB, 'DELETE', path)).status).toBe(404);
    }
    expect((await api(targetB, 'GET', `${org}/packages`)).status).toBe(404);
    const estimate = { ledgerId, transaction: transferBody('@payer', '@payee', '10') };
    expect((await api(targetB, 'POST', `${org}/estimates`, estimate)).status).toBe(404);
    const calc = { ledgerId, period: new Date().toISOString().slice(0, 7) };
    expect((await api(targetB, 'POST', `${org}/billing/calculate`, calc)).status).toBe(404);
    // In its own tenant the package applies: the transfer pays its fee.
    const paid = await api(
      targetA,
      'POST',
      `${base}/transactions/json`,
      transferBody('@payer', '@payee', '10'),
    );
    expect([paid.status, paid.body.amount]).toEqual([201, '11']);
    expect(
      (await api(targetA, 'POST', `${org}/billing/calculate`, calc)).body.summary.totalNetAmount,
    ).toBe('2');
  });
});

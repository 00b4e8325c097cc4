import { adminQuery } from '@finplat/testing';
import { Client } from 'pg';

/** A ledger to drive over HTTP and inspect in PostgreSQL, in either tenancy mode. */
export interface LedgerTarget {
  label: string;
  url: string;
  token?: string;
  /** Where the tenant's tables live. */
  placement: { database: string; schema?: string };
  /** Superuser URL of the server holding them, when it is not the shared test server. */
  server?: string;
}

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of the ledger API
  body: any;
}

export async function api(
  target: LedgerTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs SQL as the admin against the target's own tables (`{t}` is the table prefix). */
export function tenantSql<T extends Record<string, unknown>>(
  target: LedgerTarget,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const prefix = target.placement.schema ? `"${target.placement.schema}".` : 'public.';
  const sql = text.replace(/\{t\}/g, prefix);
  if (target.server) return queryAt<T>(target.server, target.placement.database, sql, params);
  return adminQuery<T>(sql, params, target.placement.database);
}

/** One statement on another server (`server` a superuser URL), in `database`. */
export async function queryAt<T extends Record<string, unknown>>(
  server: string,
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const url = new URL(server);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface LedgerFixture {
  base: string;
  ledgerId: string;
}

/** An organization, a ledger, the USD asset and funded accounts. */
export async function ledgerWithAccounts(
  target: LedgerTarget,
  aliases: string[],
  funding: string,
): Promise<LedgerFixture> {
  const org = await api(target, 'POST', '/v1/organizations', {
    legalName: 'Invariants Ltd',
    legalDocument: '1',
  });
  const ledger = await api(target, 'POST', `/v1/organizations/${org.body.id}/ledgers`, {
    name: `inv-${Date.now()}-${Math.random()}`,
  });
  const base = `/v1/organizations/${org.body.id}/ledgers/${ledger.body.id}`;
  await api(target, 'POST', `${base}/assets`, { name: 'US Dollar', type: 'currency', code: 'USD' });
  for (const alias of aliases) {
    const account = await api(target, 'POST', `${base}/accounts`, {
      assetCode: 'USD',
      type: 'deposit',
      alias,
    });
    if (account.status !== 201)
      throw new Error(`account ${alias}: ${JSON.stringify(account.body)}`);
    if (funding !== '0') {
      const funded = await api(target, 'POST', `${base}/transactions/inflow`, {
        description: `fund ${alias}`,
        send: {
          asset: 'USD',
          value: funding,
          distribute: { to: [{ accountAlias: alias, amount: { asset: 'USD', value: funding } }] },
        },
      });
      if (funded.status !== 201)
        throw new Error(`funding ${alias}: ${JSON.stringify(funded.body)}`);
    }
  }
  return { base, ledgerId: ledger.body.id };
}

export function transferBody(
  from: string,
  to: string,
  value: string,
  extra: Record<string, unknown> = {},
) {
  return {
    description: `t-${Math.random().toString(36).slice(2)}`,
    ...extra,
    send: {
      asset: 'USD',
      value,
      source: { from: [{ accountAlias: from, amount: { asset: 'USD', value } }] },
      distribute: { to: [{ accountAlias: to, amount: { asset: 'USD', value } }] },
    },
  };
}

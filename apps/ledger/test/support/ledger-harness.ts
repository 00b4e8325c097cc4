import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  recordResponses,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import type { CrmOptions } from '@finplat/ledger-crm';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import request from 'supertest';
import { LEDGER_API_DOCS } from '../../src/api-docs';
import { AppModule } from '../../src/app.module';
import { noteLedgerRoutes, observeLedgerResponse } from './ledger-contract';

/** A well-formed id that names nothing. */
export const UNKNOWN_ID = '01890000-0000-7000-8000-000000000000';

/** The ledger app, single-tenant, in-process, on its own fresh PostgreSQL database. */
export interface LedgerHarness {
  http: ReturnType<typeof request>;
  database: TestDatabase;
  /** Runs SQL as the admin in this suite's database. */
  sql<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Starts the ledger on a fresh database — or, given `shared`, on that database as one more
 * instance (closing it then leaves the database to its owner). `crm` carries the CRM's keys
 * (none by default: holder and instrument endpoints then answer 503).
 */
export async function startLedger(
  prefix: string,
  shared?: TestDatabase,
  crm?: CrmOptions,
): Promise<LedgerHarness> {
  const database = shared ?? (await createTestDatabase(prefix));
  let app: INestApplication | undefined;
  try {
    const config = loadTenantServiceConfig('ledger', 0, testEnv({ DATABASE_URL: database.url }));
    app = await bootApp(AppModule.forRoot(config, undefined, crm), LEDGER_API_DOCS);
  } catch (error) {
    if (!shared) await database.drop();
    throw error;
  }
  const started = app;
  recordResponses(started.getHttpServer(), observeLedgerResponse);
  noteLedgerRoutes(started.getHttpAdapter().getInstance());
  return {
    http: request(started.getHttpServer()),
    database,
    sql: (text, params = []) => adminQuery(text, params, database.name),
    close: async () => {
      await started.close();
      if (!shared) await database.drop();
    },
  };
}

export interface LedgerPath {
  organizationId: string;
  ledgerId: string;
  /** `/v1/organizations/{org}/ledgers/{ledger}` */
  base: string;
}

/** A fresh organization with one ledger. */
export async function newLedger(http: LedgerHarness['http'], name = 'Main'): Promise<LedgerPath> {
  const org = await http
    .post('/v1/organizations')
    .send({ legalName: `${name} Org`, legalDocument: '00000000000191' })
    .expect(201);
  const ledger = await http
    .post(`/v1/organizations/${org.body.id}/ledgers`)
    .send({ name })
    .expect(201);
  return {
    organizationId: org.body.id,
    ledgerId: ledger.body.id,
    base: `/v1/organizations/${org.body.id}/ledgers/${ledger.body.id}`,
  };
}

/** The ids of a list response, in order. */
export const idsOf = (res: { body: { items: { id: string }[] } }): string[] =>
  res.body.items.map((item) => item.id);

/** The X-Total-Count of a HEAD …/metrics/count. */
export async function countOf(http: LedgerHarness['http'], path: string): Promise<number> {
  const res = await http.head(`${path}/metrics/count`).expect(204);
  return Number(res.headers['x-total-count']);
}

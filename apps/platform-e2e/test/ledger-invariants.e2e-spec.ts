import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { describeLedgerInvariants } from '../src/ledger-invariants';
import type { LedgerTarget } from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';
import { startApp, type RunningApp } from '../src/processes';

/**
 * The ledger's money invariants against the built app, once single-tenant on its own
 * database and once as a SCHEMA-mode tenant of a real tenant-manager: one suite, two modes.
 */
describe('ledger invariants: single-tenant', () => {
  let database: TestDatabase;
  let ledger: RunningApp;
  let target: LedgerTarget;

  beforeAll(async () => {
    database = await createTestDatabase('ledger_inv');
    ledger = await startApp('ledger', { DATABASE_URL: database.url });
    target = { label: 'single-tenant', url: ledger.url, placement: { database: database.name } };
  });

  afterAll(async () => {
    await ledger?.stop();
    await database?.drop();
  });

  describeLedgerInvariants(() => target);
});

describe('ledger invariants: multi-tenant, SCHEMA mode', () => {
  let platform: Platform;
  let tenant: ProvisionedTenant;
  let target: LedgerTarget;

  beforeAll(async () => {
    platform = await startPlatform();
    tenant = await provisionTenant(platform, 'inv-schema', 'SCHEMA');
    target = {
      label: 'multi-tenant SCHEMA',
      url: platform.ledger.url,
      token: tenant.token,
      placement: tenant.body.services.ledger,
    };
  });

  afterAll(async () => {
    if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    await platform?.stop();
  });

  describeLedgerInvariants(() => target);
});

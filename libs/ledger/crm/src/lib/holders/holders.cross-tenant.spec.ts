import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { TenantConnections } from '@finplat/contracts';
import {
  DataKeyRepository,
  HolderRepository,
  InstrumentRepository,
  LEDGER_ENTITIES,
  LEDGER_MIGRATIONS,
  OrganizationRepository,
  ProtectionAuditRepository,
} from '@finplat/ledger-database';
import { OrganizationsService } from '@finplat/ledger-onboarding';
import {
  postgresSettingsFromUrl,
  TenantContext,
  TenantDataSources,
  TenantDb,
  TenantMigrator,
} from '@finplat/tenancy';
import { adminQuery, createTestDatabase, type TestDatabase } from '@finplat/testing';
import { KeyRing } from '../encryption/key-ring';
import { HoldersService } from './holders.service';

/**
 * Integration on a real PostgreSQL with two tenants in two databases, wired as the app wires
 * them: a holder's ciphertext (or its wrapped data keys) copied into another tenant's
 * database does not decrypt there, even for the same organization and record ids and KEK.
 */
describe('CRM holders across tenants (real PostgreSQL)', () => {
  const kek = randomBytes(32);
  const databases: Record<'alpha' | 'beta', TestDatabase | undefined> = {
    alpha: undefined,
    beta: undefined,
  };
  let pools: TenantDataSources;
  let db: TenantDb;
  let holders: HoldersService;
  let organizations: OrganizationsService;
  const keyRingOf = () =>
    new KeyRing(
      { kek, retiredKeks: [] },
      new DataKeyRepository(db),
      new ProtectionAuditRepository(db),
      db,
    );

  const connectionsOf = (tenant: 'alpha' | 'beta'): TenantConnections => ({
    id: tenant,
    status: 'active',
    service: 'ledger',
    isolationMode: 'DATABASE',
    postgresql: postgresSettingsFromUrl(databases[tenant]!.url),
  });
  const as = <T>(tenant: 'alpha' | 'beta', work: () => Promise<T>) =>
    TenantContext.run({ tenantId: tenant, connections: connectionsOf(tenant) }, work);
  const sql = (tenant: 'alpha' | 'beta', text: string, params: unknown[] = []) =>
    adminQuery<Record<string, unknown>>(text, params, databases[tenant]!.name);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    databases.alpha = await createTestDatabase('crm_tenant_alpha');
    databases.beta = await createTestDatabase('crm_tenant_beta');
    pools = new TenantDataSources({
      entities: LEDGER_ENTITIES,
      maxPools: 4,
      idleTimeoutSec: 60,
      applicationName: 'crm_cross_tenant',
    });
    db = new TenantDb(pools, new TenantMigrator('ledger', LEDGER_MIGRATIONS));
    organizations = new OrganizationsService(new OrganizationRepository(db), db);
    holders = new HoldersService(
      organizations,
      new HolderRepository(db),
      new InstrumentRepository(db),
      keyRingOf(),
      db,
    );
    // Both tenants' schemas, migrated on first use as the app does.
    for (const tenant of ['alpha', 'beta'] as const) await as(tenant, () => organizations.count());
  }, 120_000);

  afterAll(async () => {
    await pools?.closeAll();
    await databases.alpha?.drop();
    await databases.beta?.drop();
  }, 30_000);

  /** Copies rows of a table from alpha to beta, column for column. */
  const copyRows = async (table: string, where: string, params: unknown[]) => {
    const rows = await sql('alpha', `SELECT * FROM ${table} WHERE ${where}`, params);
    for (const row of rows) {
      const columns = Object.keys(row);
      await sql(
        'beta',
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns
          .map((c) => `r.${c}`)
          .join(', ')} FROM json_populate_record(NULL::${table}, $1) r`,
        [
          JSON.stringify(row, (_k, v) =>
            v?.type === 'Buffer' ? `\\x${Buffer.from(v.data).toString('hex')}` : v,
          ),
        ],
      );
    }
  };

  it('should not decrypt a holder copied into another tenant, with or without its keys', async () => {
    const organization = await as('alpha', () =>
      organizations.create({ legalName: 'Twin Org', legalDocument: '1' }),
    );
    const holder = await as('alpha', () =>
      holders.create(organization.id, {
        type: 'NATURAL_PERSON',
        name: 'Secret Name',
        document: 'D-1',
      }),
    );
    expect((await as('alpha', () => holders.get(organization.id, holder.id))).name).toBe(
      'Secret Name',
    );

    // Beta gets the same organization id with keys of its own, then alpha's holder row.
    await copyRows('organization', 'id = $1', [organization.id]);
    await as('beta', () =>
      holders.list(organization.id, { page: 1, limit: 10, sort_order: 'asc' }, []),
    );
    await copyRows('crm_holder', 'id = $1', [holder.id]);
    await expect(as('beta', () => holders.get(organization.id, holder.id))).rejects.toMatchObject({
      code: 'CRM-0033',
    });

    // Alpha's wrapped keys too: they are bound to tenant alpha, so beta cannot unwrap them.
    await sql('beta', 'DELETE FROM crm_data_key WHERE organization_id = $1', [organization.id]);
    await copyRows('crm_data_key', 'organization_id = $1', [organization.id]);
    const other = keyRingOf();
    const keys = await as('beta', () => other.load(organization.id));
    expect(keys?.aead.size).toBe(0);
    // …while alpha still reads its own.
    expect((await as('alpha', () => holders.get(organization.id, holder.id))).document).toBe('D-1');
  }, 60_000);
});

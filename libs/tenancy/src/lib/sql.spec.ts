import type { TenantConnections } from '@finplat/contracts';
import { quoteIdent, tenantSessionSql } from './sql';
import { TenantDataSources } from './tenant-data-sources';

const schemaTenant = (id: string, password = 'gw-secret'): TenantConnections => ({
  id,
  status: 'active',
  service: 'ledger',
  isolationMode: 'SCHEMA',
  postgresql: {
    host: 'db',
    port: 5432,
    database: 'ledger_tenants',
    schema: id,
    username: `tn_${id}_ledger`,
    password: 'tenant-secret',
    gateway: { username: 'ledger_gateway', password },
  },
});

describe('tenant SQL helpers', () => {
  it('should quote identifiers and refuse unsafe ones', () => {
    expect(quoteIdent('acme-corp')).toBe('"acme-corp"');
    for (const bad of ['a"b', 'a;drop', 'a.b', 'a b', '', 'x'.repeat(64)]) {
      expect(() => quoteIdent(bad)).toThrow(/Unsafe/);
    }
  });

  it('should confine a SCHEMA tenant by role and search_path, both LOCAL', () => {
    expect(tenantSessionSql(schemaTenant('acme'))).toBe(
      'SET LOCAL ROLE "tn_acme_ledger"; SET LOCAL search_path TO "acme"',
    );
  });

  it('should need nothing for a DATABASE tenant', () => {
    const tenant = schemaTenant('acme');
    expect(tenantSessionSql({ ...tenant, isolationMode: 'DATABASE' })).toBeUndefined();
  });

  it('should share one pool among SCHEMA tenants of one database and split DATABASE tenants', () => {
    expect(TenantDataSources.poolKey(schemaTenant('acme'))).toBe(
      TenantDataSources.poolKey(schemaTenant('globex')),
    );
    const a = { ...schemaTenant('acme'), isolationMode: 'DATABASE' as const };
    const b = {
      ...a,
      postgresql: { ...a.postgresql, database: 'ledger_globex', username: 'tn_globex_ledger' },
    };
    expect(TenantDataSources.poolKey(a)).not.toBe(TenantDataSources.poolKey(b));
  });

  it('should open a new pool when credentials change', () => {
    expect(TenantDataSources.poolKey(schemaTenant('acme', 'old'))).not.toBe(
      TenantDataSources.poolKey(schemaTenant('acme', 'new')),
    );
  });
});

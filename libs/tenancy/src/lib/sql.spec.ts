import type { TenantConnections } from '@finplat/contracts';
import { bindLiterals, quoteIdent, quoteLiteral, tenantSessionSql } from './sql';
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

describe('bindLiterals', () => {
  it('should put each parameter where its placeholder is, $10 not mistaken for $1', () => {
    const params = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(bindLiterals('SELECT $1, $10::text, $2', params)).toBe("SELECT 'a', 'j'::text, 'b'");
  });

  it('should serialize as node-postgres does: NULL, arrays, JSON, bytes', () => {
    expect(
      bindLiterals('SELECT $1, $2, $3, $4', [null, ['x', null], { a: 1 }, Buffer.from([255])]),
    ).toBe(`SELECT NULL, '{"x",NULL}', '{"a":1}', decode('ff', 'hex')`);
  });

  it('should quote apostrophes and make backslashes mean themselves', () => {
    expect(quoteLiteral("o'neil")).toBe("'o''neil'");
    expect(quoteLiteral("a\\'b")).toBe("E'a\\\\''b'");
  });
});

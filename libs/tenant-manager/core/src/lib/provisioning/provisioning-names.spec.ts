import { SERVICES } from '@finplat/contracts';
import { fitIdentifier, MAX_IDENTIFIER_LENGTH, provisioningNames } from './provisioning-names';

describe('provisioning names', () => {
  it('should keep names that fit untouched', () => {
    expect(provisioningNames.tenantRole('ledger', 'acme')).toBe('ledger_acme');
    expect(provisioningNames.tenantDatabase('reporter', 'acme-corp')).toBe('reporter_acme-corp');
    expect(provisioningNames.tenantSchema('acme-corp')).toBe('acme-corp');
    expect(provisioningNames.sharedDatabase('tracer')).toBe('tracer_tenants');
    expect(provisioningNames.gatewayRole('tracer', 'a1b2c3d4e5f6')).toBe(
      'tracer_gateway_a1b2c3d4e5f6',
    );
    expect(provisioningNames.rabbitVhost('acme')).toBe('acme');
    expect(provisioningNames.rabbitUser('acme')).toBe('tenant-acme');
    const exactly63 = `ledger_${'a'.repeat(56)}`;
    expect(fitIdentifier(exactly63)).toBe(exactly63);
  });

  it('should shorten long names to 63 characters with a hash, deterministically', () => {
    const id = 'a'.repeat(63);
    for (const service of SERVICES) {
      const role = provisioningNames.tenantRole(service, id);
      expect(role).toHaveLength(MAX_IDENTIFIER_LENGTH);
      expect(role).toMatch(new RegExp(`^${service}_a+_[0-9a-f]{10}$`));
      expect(provisioningNames.tenantRole(service, id)).toBe(role);
    }
    expect(provisioningNames.tenantSchema(id)).toBe(id);
  });

  it('should give distinct names to long ids that share a long prefix', () => {
    const prefix = 'x'.repeat(60);
    const names = new Set(
      ['aaa', 'aab', 'aba', 'baa'].map((end) =>
        provisioningNames.tenantDatabase('reporter', `${prefix}${end}`),
      ),
    );
    expect(names.size).toBe(4);
  });

  it('should never map a shortened name onto a plain one', () => {
    // Plain names have one underscore (ids have none); shortened names have two.
    const shortened = provisioningNames.tenantRole('reporter', 'b'.repeat(63));
    expect(shortened.split('_')).toHaveLength(3);
    expect(provisioningNames.tenantRole('reporter', 'b'.repeat(54)).split('_')).toHaveLength(2);
  });

  it('should only produce identifiers that quoteIdent accepts', () => {
    const safe = /^[A-Za-z0-9_-]{1,63}$/;
    for (const service of SERVICES) {
      for (const id of ['abc', 'a-b-c', 'z'.repeat(63), `9${'-'.repeat(62)}`]) {
        expect(provisioningNames.tenantRole(service, id)).toMatch(safe);
        expect(provisioningNames.tenantDatabase(service, id)).toMatch(safe);
        expect(provisioningNames.tenantSchema(id)).toMatch(safe);
      }
      expect(provisioningNames.sharedDatabase(service)).toMatch(safe);
      expect(provisioningNames.gatewayRole(service, 'a1b2c3d4e5f6')).toMatch(safe);
    }
  });
});

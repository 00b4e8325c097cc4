import type { TenantConnections } from '@finplat/contracts';
import { TenantContext } from '@finplat/tenancy';
import { TenantGroupCommit } from './tenant-group-commit';

const scopeOf = (tenantId: string, connections = { id: tenantId } as TenantConnections) => ({
  tenantId,
  connections,
});

describe('TenantGroupCommit', () => {
  it("should batch one tenant's items together and write each batch in its tenant's context", async () => {
    const batches: { tenant: string; items: string[] }[] = [];
    const group = new TenantGroupCommit<string, string>(
      async (items) => {
        const tenant = TenantContext.current().tenantId;
        batches.push({ tenant, items });
        return items.map((item) => ({ ok: true, value: `${tenant}:${item}` }));
      },
      { maxBatchSize: 10, maxInFlight: 1 },
    );
    const a = scopeOf('tenant-a');
    const b = scopeOf('tenant-b');
    const answers = await Promise.all([
      TenantContext.run(a, () => group.submit('1')),
      TenantContext.run(b, () => group.submit('2')),
      TenantContext.run(a, () => group.submit('3')),
    ]);
    expect(answers).toEqual(['tenant-a:1', 'tenant-b:2', 'tenant-a:3']);
    expect(batches).toEqual([
      { tenant: 'tenant-a', items: ['1', '3'] },
      { tenant: 'tenant-b', items: ['2'] },
    ]);
    expect(group.activeLanes).toBe(0);
  });

  it('should refuse an item submitted outside any tenant context', () => {
    const group = new TenantGroupCommit<string, string>(async () => [], {
      maxBatchSize: 1,
      maxInFlight: 1,
    });
    expect(() => group.submit('x')).toThrow(/No tenant in context/);
  });
});

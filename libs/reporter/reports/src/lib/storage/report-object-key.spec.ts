import { reportObjectKey } from './report-object-key';

describe('reportObjectKey', () => {
  const REPORT = '01930000-0000-7000-8000-000000000001';

  it('should prefix the key with the tenant id', () => {
    expect(reportObjectKey('tenant-a', REPORT, 'csv')).toBe(`tenant-a/reports/${REPORT}.csv`);
    expect(reportObjectKey('default', REPORT, 'pdf')).toBe(`default/reports/${REPORT}.pdf`);
  });

  it('should give two tenants two disjoint prefixes for the same report id', () => {
    const a = reportObjectKey('tenant-a', REPORT, 'txt');
    const b = reportObjectKey('tenant-b', REPORT, 'txt');
    expect(a).not.toBe(b);
    expect(a.startsWith('tenant-b/')).toBe(false);
    expect(b.startsWith('tenant-a/')).toBe(false);
  });

  it.each(['', '../tenant-b', 'a/b', 'tenant..b', '.hidden', 'a b', 'é'])(
    'should refuse the tenant id %j rather than build a key that leaves its prefix',
    (tenantId) => {
      expect(() => reportObjectKey(tenantId, REPORT, 'txt')).toThrow(/cannot be part/);
    },
  );

  it('should refuse a report id or extension carrying a path', () => {
    expect(() => reportObjectKey('t', '../x', 'txt')).toThrow(/report id/);
    expect(() => reportObjectKey('t', REPORT, 'txt/../../y')).toThrow(/extension/);
  });
});

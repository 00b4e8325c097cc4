import { startTestS3, type TestS3 } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';
import { generateReport, reporterCall } from '../src/reporter-client';

/**
 * Multi-tenant reporter with OBJECT_STORAGE_* (decision 0035): a real tenant-manager, the built
 * reporter, and s3rver in this process as the one bucket both tenants share. Each tenant's file
 * lands under its own prefix, and neither can reach the other's report or file.
 */
describe('reporter object storage, multi-tenant (tenant-manager + built reporter + s3rver)', () => {
  let s3: TestS3;
  let platform: Platform;
  let tenants: ProvisionedTenant[];

  beforeAll(async () => {
    s3 = await startTestS3();
    platform = await startPlatform({ ...s3.env, REPORT_POLL_INTERVAL_MS: '100' });
    tenants = await Promise.all([
      provisionTenant(platform, 'os-db', 'DATABASE'),
      provisionTenant(platform, 'os-sc', 'SCHEMA'),
    ]);
  }, 180_000);

  afterAll(async () => {
    if (platform) {
      for (const tenant of tenants ?? [])
        await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
      await platform.stop();
    }
    await s3?.close();
  });

  const call = (tenant: ProvisionedTenant, method: string, path: string, body?: unknown) =>
    reporterCall(platform.reporter.url, tenant, method, path, body);

  const generate = async (tenant: ProvisionedTenant) => {
    const report = await generateReport(platform.reporter.url, tenant, {
      content: `file of ${tenant.id}`,
      fileName: 't.tpl',
      outputFormat: 'txt',
      description: 'object-stored',
    });
    if (report.status !== 'Finished') throw new Error(JSON.stringify(report.metadata));
    return report.id;
  };

  it('should store each tenant’s file under its prefix and serve it to that tenant only', async () => {
    const ids: string[] = [];
    for (const tenant of tenants) ids.push(await generate(tenant));

    expect(await s3.keys()).toEqual(
      tenants.map((tenant, i) => `${tenant.id}/reports/${ids[i]}.txt`).sort(),
    );
    for (const [i, tenant] of tenants.entries()) {
      const own = await call(tenant, 'GET', `/v1/reports/${ids[i]}/download`);
      expect(own.status).toBe(200);
      expect(await own.text()).toBe(`file of ${tenant.id}`);
      const other = tenants[1 - i];
      for (const path of [`/v1/reports/${ids[i]}`, `/v1/reports/${ids[i]}/download`]) {
        const res = await call(other, 'GET', path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        await res.text();
      }
    }
  });
});

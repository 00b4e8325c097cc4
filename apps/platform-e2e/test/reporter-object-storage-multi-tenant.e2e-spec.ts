import { startTestS3, type TestS3 } from '@finplat/testing';
import {
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

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
    fetch(`${platform.reporter.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tenant.token}`,
        ...(body !== undefined && !(body instanceof FormData)
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });

  const generate = async (tenant: ProvisionedTenant) => {
    const form = new FormData();
    form.append('template', new Blob([`file of ${tenant.id}`]), 't.tpl');
    form.append('outputFormat', 'txt');
    form.append('description', 'object-stored');
    const template = await call(tenant, 'POST', '/v1/templates', form);
    expect(template.status).toBe(201);
    const templateId = ((await template.json()) as { id: string }).id;
    const created = await call(tenant, 'POST', '/v1/reports', { templateId, filters: {} });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    for (let i = 0; i < 300; i += 1) {
      const report = (await (await call(tenant, 'GET', `/v1/reports/${id}`)).json()) as {
        status: string;
        metadata: unknown;
      };
      if (report.status === 'Finished') return id;
      if (report.status === 'Error') throw new Error(JSON.stringify(report.metadata));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`report of ${tenant.id} still Processing`);
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

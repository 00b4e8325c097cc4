import { adminQuery } from '@finplat/testing';
import { ledgerWithAccounts } from '../src/ledger-client';
import {
  managerCall,
  provisionTenant,
  startControlPlane,
  type ControlPlane,
  type ProvisionedTenant,
} from '../src/platform';
import { startApp, type RunningApp } from '../src/processes';
import { generateReport, reporterCall } from '../src/reporter-client';

/** A key startControlPlane always accepts besides its generated one (see platform.ts). */
const SERVICE_API_KEY = 'other-key';
const MANAGEMENT_URL = 'http://127.0.0.1:15672';
const MANAGEMENT_AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const JOBS_QUEUE = 'reporter.generate-report.queue';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Multi-tenant report jobs through each tenant's own vhost (decision 0036): a real
 * tenant-manager provisions two tenants (DATABASE and SCHEMA), the built ledger and reporter
 * serve them. REPORT_BROKER_FALLBACK_SEC is an hour, so the PostgreSQL poller never takes a
 * fresh job: a report that finishes was delivered by its tenant's queue.
 */
describe('reporter: multi-tenant report jobs through each tenant vhost (built apps)', () => {
  let plane: ControlPlane;
  let ledger: RunningApp;
  let reporter: RunningApp;
  const tenants: ProvisionedTenant[] = [];

  beforeAll(async () => {
    plane = await startControlPlane();
    [ledger, reporter] = await Promise.all([
      startApp('ledger', plane.appEnv),
      startApp('reporter', {
        ...plane.appEnv,
        REPORT_BROKER_FALLBACK_SEC: '3600',
        REPORT_POLL_INTERVAL_MS: '100',
      }),
    ]);
    tenants.push(
      await provisionTenant(plane, 'rb-db', 'DATABASE'),
      await provisionTenant(plane, 'rb-sc', 'SCHEMA'),
    );
  });

  afterAll(async () => {
    for (const tenant of tenants) await managerCall(plane, 'DELETE', `/v1/tenants/${tenant.id}`);
    await Promise.all([ledger?.stop(), reporter?.stop()]);
    await plane?.stop();
  });

  const call = (tenant: ProvisionedTenant, method: string, path: string, body?: unknown) =>
    reporterCall(reporter.url, tenant, method, path, body);

  /** The vhost tenant-manager gave the tenant's reporter. */
  const vhostOf = async (tenant: ProvisionedTenant): Promise<string> => {
    const res = await fetch(
      `${plane.manager.url}/v1/tenants/${tenant.id}/associations/reporter/connections`,
      { headers: { 'X-API-Key': SERVICE_API_KEY } },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rabbitmq?: { vhost: string } };
    if (!body.rabbitmq) throw new Error(`tenant ${tenant.id} has no RabbitMQ settings`);
    return body.rabbitmq.vhost;
  };

  /** Messages published to and acknowledged from the job queue of a vhost (management API). */
  const queueStats = async (vhost: string) => {
    const res = await fetch(
      `${MANAGEMENT_URL}/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(JOBS_QUEUE)}`,
      { headers: { Authorization: MANAGEMENT_AUTH } },
    );
    if (res.status === 404) return { published: 0, acked: 0, ready: 0 };
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      messages_ready?: number;
      message_stats?: { publish?: number; ack?: number };
    };
    return {
      published: body.message_stats?.publish ?? 0,
      acked: body.message_stats?.ack ?? 0,
      ready: body.messages_ready ?? 0,
    };
  };

  /** Generates a report of the tenant's organizations, waits for it to leave Processing. */
  const organizationsReport = async (tenant: ProvisionedTenant) => {
    const report = await generateReport(reporter.url, tenant, {
      content: '{% for o in midaz_onboarding.organization %}{{ o.id }};{% endfor %}',
      fileName: 'orgs.tpl',
      outputFormat: 'txt',
      description: 'organizations',
    });
    const file = await call(tenant, 'GET', `/v1/reports/${report.id}/download`);
    return { id: report.id, report, status: file.status, text: await file.text() };
  };

  it("should relay each tenant's job to its own vhost and build it there with only its data", async () => {
    const organizations = [];
    for (const tenant of tenants) {
      const fixture = await ledgerWithAccounts(
        {
          label: tenant.id,
          url: ledger.url,
          token: tenant.token,
          placement: tenant.body.services.ledger,
        },
        ['@alice'],
        '10',
      );
      organizations.push(fixture.base.split('/')[3]);
    }
    const vhosts = await Promise.all(tenants.map(vhostOf));
    expect(new Set(vhosts).size).toBe(2);

    const reports = [];
    for (const tenant of tenants) reports.push(await organizationsReport(tenant));

    for (const [i, tenant] of tenants.entries()) {
      const { id, report, status, text } = reports[i];
      expect(report.status).toBe('Finished');
      expect(report.metadata.attempts).toBe(1);
      expect(status).toBe(200);
      // Its own organization and nothing of the other tenant's.
      expect(text).toBe(`${organizations[i]};`);
      // Built once: one job row done, one file, in the tenant's own reporter placement.
      const placement = tenant.body.services.reporter;
      const prefix = placement.schema ? `"${placement.schema}".` : 'public.';
      const [row] = await adminQuery<{ state: string; attempts: number; files: number }>(
        `SELECT j.state, j.attempts,
                (SELECT count(*)::int FROM ${prefix}report_files f WHERE f.report_id = j.report_id) AS files
           FROM ${prefix}report_jobs j WHERE j.report_id = $1`,
        [id],
        placement.database,
      );
      expect(row).toEqual({ state: 'done', attempts: 1, files: 1 });
    }

    // Each vhost's job queue saw exactly its tenant's one message, delivered and acked. The
    // management API's counters lag by its collection interval, so wait for them to settle.
    for (const vhost of vhosts) {
      let stats = await queueStats(vhost);
      for (let i = 0; i < 150 && !(stats.published >= 1 && stats.acked >= 1); i += 1) {
        await sleep(200);
        stats = await queueStats(vhost);
      }
      expect(stats).toEqual({ published: 1, acked: 1, ready: 0 });
    }
  });
});

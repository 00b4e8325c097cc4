import type { ProvisionedTenant } from './platform';

/**
 * A request to a built reporter as one tenant (its bearer token), or with no token given none
 * (single-tenant); JSON or multipart bodies.
 */
export function reporterCall(
  reporterUrl: string,
  tenant: Pick<ProvisionedTenant, 'token'> | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const multipart = body instanceof FormData;
  return fetch(`${reporterUrl}${path}`, {
    method,
    headers: {
      ...(tenant ? { Authorization: `Bearer ${tenant.token}` } : {}),
      ...(body === undefined || multipart ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined || multipart ? (body as FormData | undefined) : JSON.stringify(body),
  });
}

export interface ReportJson {
  id: string;
  status: string;
  metadata: { attempts?: number } & Record<string, unknown>;
}

export interface ReportRequest {
  /** The template file's text, uploaded as `fileName`. */
  content: string;
  fileName: string;
  outputFormat: string;
  description: string;
  /** The report's filters (none by default). */
  filters?: unknown;
}

/**
 * Uploads a template, asks for its report, and polls it every 100 ms (up to 30 s) until it
 * leaves Processing; resolves the report then.
 */
export async function generateReport(
  reporterUrl: string,
  tenant: Pick<ProvisionedTenant, 'token'> | undefined,
  template: ReportRequest,
): Promise<ReportJson> {
  const call = (method: string, path: string, body?: unknown) =>
    reporterCall(reporterUrl, tenant, method, path, body);
  const form = new FormData();
  form.append('template', new Blob([template.content], { type: 'text/plain' }), template.fileName);
  form.append('outputFormat', template.outputFormat);
  form.append('description', template.description);
  const uploaded = await call('POST', '/v1/templates', form);
  expect(uploaded.status).toBe(201);
  const templateId = ((await uploaded.json()) as { id: string }).id;
  const created = await call('POST', '/v1/reports', {
    templateId,
    filters: template.filters ?? {},
  });
  expect(created.status).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  for (let i = 0; i < 300; i += 1) {
    const report = (await (await call('GET', `/v1/reports/${id}`)).json()) as ReportJson;
    if (report.status !== 'Processing') return { ...report, id };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`report ${id} still Processing`);
}

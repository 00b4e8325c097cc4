import type request from 'supertest';

/** supertest bound to the reporter under test. */
export type ReporterHttp = ReturnType<typeof request>;

/** Uploads a template file (`r.tpl`, text/plain) for `outputFormat`; resolves its id. */
export async function uploadTemplate(
  http: ReporterHttp,
  content: string,
  outputFormat: string,
  description = `a ${outputFormat} report`,
): Promise<string> {
  const res = await http
    .post('/v1/templates')
    .attach('template', Buffer.from(content), { filename: 'r.tpl', contentType: 'text/plain' })
    .field('outputFormat', outputFormat)
    .field('description', description)
    .expect(201);
  return res.body.id as string;
}

/** Asks for a report of a template (with `filters`, if given); resolves the new report's id. */
export async function createReport(
  http: ReporterHttp,
  templateId: string,
  filters?: unknown,
): Promise<string> {
  const body = filters === undefined ? { templateId } : { templateId, filters };
  const res = await http.post('/v1/reports').send(body).expect(201);
  return res.body.id as string;
}

/** Polls a report every 100 ms until it leaves Processing; resolves its body then. */
export async function settleReport(
  http: ReporterHttp,
  id: string,
  tries = 200,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report's JSON
): Promise<any> {
  for (let i = 0; i < tries; i += 1) {
    const res = await http.get(`/v1/reports/${id}`).expect(200);
    if (res.body.status !== 'Processing') return res.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`report ${id} still Processing`);
}

/** GET …/download with the body kept as the exact bytes sent (`res.body` is a Buffer). */
export function downloadReport(http: ReporterHttp, id: string) {
  return http
    .get(`/v1/reports/${id}/download`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

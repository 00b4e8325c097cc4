import { adminQuery, startTestS3, type TestS3 } from '@finplat/testing';
import request from 'supertest';
import {
  createReport,
  downloadReport,
  settleReport,
  uploadTemplate,
} from './support/report-requests';
import { startReporter, type ReporterHarness } from './support/reporter-harness';

/**
 * OBJECT_STORAGE_* set (decision 0035): report files go to an S3-compatible bucket (s3rver,
 * in-process) under the tenant's prefix; the database keeps only the file's row. Single-tenant,
 * so the prefix is the default tenant id; the key builder's tenant separation has unit tests
 * (report-object-key.spec.ts), and a tenant only ever reaches its own report rows.
 */
describe('reporter: report files in object storage', () => {
  let s3: TestS3;
  let harness: ReporterHarness;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    s3 = await startTestS3();
    harness = await startReporter({
      ...s3.env,
      REPORT_POLL_INTERVAL_MS: '100',
      REPORT_TTL: '1h',
      REPORT_EXPIRY_SWEEP_SEC: '1',
    });
    http = request(harness.app.getHttpServer());
    await adminQuery(
      `INSERT INTO t (f, x, n) VALUES ('ação "quoted"', 'x1', 1)`,
      [],
      harness.ledger.name,
    );
  });

  afterAll(async () => {
    await harness?.close();
    await s3?.close();
  });

  const fileRow = async (id: string) =>
    (
      await adminQuery<{ storage_key: string | null; has_bytes: boolean; size: string }>(
        'SELECT storage_key, content IS NOT NULL AS has_bytes, size::text FROM report_files WHERE report_id = $1',
        [id],
        harness.database.name,
      )
    )[0];

  const generate = async (content: string, outputFormat: string) => {
    const templateId = await uploadTemplate(
      http,
      content,
      outputFormat,
      `an object-stored ${outputFormat} report`,
    );
    const id = await createReport(http, templateId);
    expect((await settleReport(http, id)).status).toBe('Finished');
    return id;
  };

  const download = (id: string) => downloadReport(http, id);

  it('should put the file in the bucket under the tenant prefix, keep no bytes in the database and stream it back exactly', async () => {
    const id = await generate('{{ ds.t.0.f }};{{ ds.t.0.x }}\n', 'csv');
    const expected = Buffer.from('ação "quoted";x1\n', 'utf8');
    const key = `default/reports/${id}.csv`;

    expect(await s3.keys()).toContain(key);
    expect((await s3.keys()).every((k) => k.startsWith('default/reports/'))).toBe(true);
    expect(await fileRow(id)).toEqual({
      storage_key: key,
      has_bytes: false,
      size: String(expected.length),
    });

    const res = await download(id).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${id}.csv"`);
    expect(Buffer.compare(res.body as Buffer, expected)).toBe(0);
  });

  it('should delete the object with the report once its TTL has passed, and keep the others', async () => {
    const expired = await generate('expired', 'txt');
    const kept = await generate('kept', 'txt');
    expect(await s3.keys()).toEqual(
      expect.arrayContaining([`default/reports/${expired}.txt`, `default/reports/${kept}.txt`]),
    );
    // An hour passes for one of them.
    await adminQuery(
      "UPDATE reports SET expires_at = now() - interval '1 second' WHERE id = $1",
      [expired],
      harness.database.name,
    );
    const gone = async () =>
      !(await s3.keys()).includes(`default/reports/${expired}.txt`) &&
      (await fileRow(expired)) === undefined;
    for (let i = 0; i < 100 && !(await gone()); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await s3.keys()).not.toContain(`default/reports/${expired}.txt`);
    expect(await fileRow(expired)).toBeUndefined();
    await http.get(`/v1/reports/${expired}`).expect(404);
    expect(await s3.keys()).toContain(`default/reports/${kept}.txt`);
    expect((await download(kept).expect(200)).body.toString()).toBe('kept');
  });

  it('should answer 503 with Retry-After, not 500, while the object store is down, retry generation, and recover', async () => {
    const id = await generate('before the outage', 'txt');
    const tpl = await http
      .post('/v1/templates')
      .attach('template', Buffer.from('during the outage'), 'r.tpl')
      .field('outputFormat', 'txt')
      .field('description', 'generated while the bucket is down')
      .expect(201);
    await s3.stop();

    const res = await http.get(`/v1/reports/${id}/download`).expect(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ code: '0095', retryable: true });
    expect(res.body.message).toMatch(/^Object storage is unavailable/);
    // The report itself is still served from the database.
    expect((await http.get(`/v1/reports/${id}`).expect(200)).body.status).toBe('Finished');

    // A report built meanwhile cannot store its file: a passing failure, retried, not Error.
    const during = (await http.post('/v1/reports').send({ templateId: tpl.body.id }).expect(201))
      .body.id as string;
    const meta = async () =>
      (
        await adminQuery<{ status: string; metadata: { attempts?: number; lastError?: string } }>(
          'SELECT status, metadata FROM reports WHERE id = $1',
          [during],
          harness.database.name,
        )
      )[0];
    for (let i = 0; i < 100 && !(await meta()).metadata.lastError; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const retrying = await meta();
    expect(retrying).toMatchObject({
      status: 'Processing',
      metadata: { lastError: expect.stringMatching(/^Object storage is unavailable/) },
    });
    expect(retrying.metadata.attempts).toBeGreaterThanOrEqual(1);

    await s3.restart();
    let status = 'Processing';
    for (let i = 0; i < 100 && status === 'Processing'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await meta()).status;
    }
    expect(status).toBe('Finished');
    expect((await download(during).expect(200)).body.toString()).toBe('during the outage');
    expect((await download(id).expect(200)).body.toString()).toBe('before the outage');
    expect(await s3.keys()).toContain(`default/reports/${during}.txt`);
  });
});

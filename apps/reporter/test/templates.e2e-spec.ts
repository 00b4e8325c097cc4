import type { INestApplication } from '@nestjs/common';
import { adminQuery, type TestDatabase } from '@finplat/testing';
import request from 'supertest';
import { startReporter, type ReporterHarness } from './support/reporter-harness';

const ORGANIZATION_TEMPLATE = `<html><body>
<h1>{{ midaz_onboarding.organization.0.legal_name }}</h1>
{% for row in midaz_transaction.transaction %}
  <p>{{ row.amount|floatformat:2 }} {{ row.asset_code }}</p>
{% endfor %}
</body></html>`;

const CSV_TEMPLATE = `id;alias
{% for a in midaz_onboarding.account %}{{ a.id }};{{ a.alias }}
{% endfor %}`;

const MISSING_ID = '01890000-0000-7000-8000-000000000000';

describe('reporter: templates (single-tenant, real PostgreSQL)', () => {
  let harness: ReporterHarness;
  let database: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    harness = await startReporter();
    ({ app, database } = harness);
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await harness?.close();
  });

  const row = async (id: string) =>
    (
      await adminQuery<{
        output_format: string;
        description: string;
        filename: string;
        content: string;
        mapped_fields: unknown;
        deleted_at: Date | null;
      }>('SELECT * FROM templates WHERE id = $1', [id], database.name)
    )[0];

  const upload = (
    options: {
      field?: string;
      content?: string | Buffer;
      outputFormat?: string;
      description?: string;
      filename?: string;
    } = {},
  ) => {
    const req = http.post('/v1/templates');
    const content = options.content ?? ORGANIZATION_TEMPLATE;
    req.attach(
      options.field ?? 'template',
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      {
        filename: options.filename ?? 'report.tpl',
        contentType: 'text/plain',
      },
    );
    if (options.outputFormat !== undefined) req.field('outputFormat', options.outputFormat);
    else req.field('outputFormat', 'html');
    req.field('description', options.description ?? 'Organization report');
    return req;
  };

  describe('create', () => {
    it('should create a template from the "template" field, store its text and mapped fields', async () => {
      const res = await upload({ description: 'Financeiro' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(
        ['createdAt', 'description', 'fileName', 'id', 'outputFormat', 'updatedAt'].sort(),
      );
      expect(res.body).toMatchObject({ outputFormat: 'HTML', description: 'Financeiro' });
      expect(res.body.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(res.body.fileName).toBe(`${res.body.id}.tpl`);
      expect(res.body.createdAt).toBe(res.body.updatedAt);
      expect(new Date(res.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

      const stored = await row(res.body.id);
      expect(stored.content).toBe(ORGANIZATION_TEMPLATE);
      expect(stored.output_format).toBe('HTML');
      expect(stored.filename).toBe(`${res.body.id}.tpl`);
      expect(stored.mapped_fields).toEqual({
        midaz_onboarding: { organization: ['legal_name'] },
        midaz_transaction: { transaction: ['amount', 'asset_code'] },
      });
    });

    it('should accept the file in "templateFile", the reference spec\'s field name', async () => {
      const res = await upload({
        field: 'templateFile',
        content: CSV_TEMPLATE,
        outputFormat: 'csv',
      }).expect(201);
      expect(res.body.outputFormat).toBe('CSV');
      const read = await http.get(`/v1/templates/${res.body.id}`).expect(200);
      expect(read.body).toEqual(res.body);
      expect((await row(res.body.id)).mapped_fields).toEqual({
        midaz_onboarding: { account: ['id', 'alias'] },
      });
    });

    it.each([
      ['Html', 'HTML'],
      ['cSv', 'CSV'],
      ['XmL', 'XML'],
      ['tXT', 'TXT'],
      ['Pdf', 'PDF'],
    ])('should accept outputFormat %s and store it as %s', async (given, stored) => {
      const res = await upload({ outputFormat: given, content: '<r>{{ ds.t.0.f }}</r>' }).expect(
        201,
      );
      expect(res.body.outputFormat).toBe(stored);
      expect((await row(res.body.id)).output_format).toBe(stored);
    });

    it('should refuse an unknown outputFormat with TPL-0003 naming the field', async () => {
      const res = await upload({ outputFormat: 'json' }).expect(400);
      expect(res.body).toMatchObject({
        code: 'TPL-0003',
        title: 'Invalid Output Format',
        entityType: 'Template',
      });
      expect(res.body.fields).toHaveProperty('outputFormat');
      expect(res.body.message).toContain('html, csv, xml, txt, pdf');
    });

    it('should refuse a request without a file with TPL-0005 naming the field', async () => {
      const res = await http
        .post('/v1/templates')
        .field('outputFormat', 'html')
        .field('description', 'no file')
        .expect(400);
      expect(res.body.code).toBe('TPL-0005');
      expect(res.body.fields).toEqual({ template: 'required' });
      expect(res.body.message).toContain('template');
      const json = await http
        .post('/v1/templates')
        .send({ outputFormat: 'html', description: 'x' })
        .expect(400);
      expect(json.body.code).toBe('TPL-0005');
    });

    it('should refuse missing outputFormat and description with TPL-0001 naming both', async () => {
      const res = await http
        .post('/v1/templates')
        .attach('template', Buffer.from('hello'), 'a.tpl')
        .field('description', '   ')
        .expect(400);
      expect(res.body.code).toBe('TPL-0001');
      expect(res.body.fields).toEqual({ outputFormat: 'required', description: 'required' });
    });

    it('should refuse an empty file with TPL-0006 and a non-UTF-8 file with TPL-0061', async () => {
      const empty = await upload({ content: Buffer.alloc(0) }).expect(400);
      expect(empty.body.code).toBe('TPL-0006');
      expect(empty.body.fields).toHaveProperty('template');
      const latin1 = await upload({
        content: Buffer.from([0x52, 0xe9, 0x73, 0x75, 0x6d, 0xe9]),
      }).expect(400);
      expect(latin1.body.code).toBe('TPL-0061');
      expect(latin1.body.message).toContain('UTF-8');
    });

    it('should refuse a syntax error with TPL-0007 and the parser message', async () => {
      const res = await upload({ content: '<p>ok</p>\n{% for row in ds.table %}{{ row.a ' }).expect(
        400,
      );
      expect(res.body.code).toBe('TPL-0007');
      expect(res.body.message).toMatch(/^Template syntax error/);
      expect(res.body.message).toContain('expected variable end');
      const located = await upload({ content: 'line one\n  {{ a..b }}' }).expect(400);
      expect(located.body.message).toBe(
        'Template syntax error at line 2, column 8: expected name as lookup value, got .',
      );
      const unclosed = await upload({ content: '{% if ds.t.0.x %}yes' }).expect(400);
      expect(unclosed.body.code).toBe('TPL-0007');
    });

    it('should refuse a <script> tag with TPL-0032', async () => {
      const res = await upload({ content: '<html><SCRIPT>alert(1)</SCRIPT></html>' }).expect(400);
      expect(res.body.code).toBe('TPL-0032');
    });

    it('should refuse the template as a text field, two files or an unknown file field with TPL-0005', async () => {
      const asText = await http
        .post('/v1/templates')
        .field('template', '{{ x }}')
        .field('outputFormat', 'html')
        .field('description', 'text')
        .expect(400);
      expect(asText.body).toMatchObject({
        code: 'TPL-0005',
        fields: { template: 'must be a file' },
      });

      const two = await upload()
        .attach('templateFile', Buffer.from('{{ y }}'), 'b.tpl')
        .expect(400);
      expect(two.body.code).toBe('TPL-0005');

      const unknown = await http
        .post('/v1/templates')
        .attach('document', Buffer.from('{{ y }}'), 'b.tpl')
        .field('outputFormat', 'html')
        .field('description', 'x')
        .expect(400);
      expect(unknown.body).toMatchObject({
        code: 'TPL-0005',
        fields: { document: 'unexpected file' },
      });
    });

    it('should refuse unknown text fields with 0053', async () => {
      const res = await upload().field('surprise', 'yes').expect(400);
      expect(res.body.code).toBe('0053');
      expect(res.body.message).toContain('surprise');
    });

    it('should refuse a file over 1 MiB with 413', async () => {
      const big = Buffer.alloc(1024 * 1024 + 1, 'a');
      const res = await upload({ content: big }).expect(413);
      expect(res.body).toMatchObject({ code: '0143', title: 'Payload Too Large' });
      expect(res.body.message).toContain('1 MiB');
      const atLimit = await upload({
        content: Buffer.alloc(1024 * 1024, 'a'),
        outputFormat: 'txt',
      }).expect(201);
      expect(atLimit.body.outputFormat).toBe('TXT');
    });
  });

  describe('list', () => {
    const prefix = `Listing ${Date.now()}`;
    const ids: string[] = [];

    beforeAll(async () => {
      const formats = ['html', 'CSV', 'html'];
      for (let i = 0; i < formats.length; i += 1) {
        const res = await upload({
          description: `${prefix} #${i}`,
          outputFormat: formats[i],
        }).expect(201);
        ids.push(res.body.id);
      }
    });

    it('should filter by description and paginate with page, limit and total', async () => {
      const page1 = await http
        .get('/v1/templates')
        .query({ description: prefix, limit: 2, page: 1 })
        .expect(200);
      expect(page1.body).toMatchObject({ page: 1, limit: 2, total: 3 });
      expect(page1.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(0, 2));
      const page2 = await http
        .get('/v1/templates')
        .query({ description: prefix, limit: 2, page: 2 })
        .expect(200);
      expect(page2.body).toMatchObject({ page: 2, limit: 2, total: 3 });
      expect(page2.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(2));
      const desc = await http
        .get('/v1/templates')
        .query({ description: prefix, sort_order: 'desc' })
        .expect(200);
      expect(desc.body.items[0].id).toBe(ids[2]);
      const partial = await http
        .get('/v1/templates')
        .query({ description: prefix.toUpperCase().slice(2) })
        .expect(200);
      expect(partial.body.total).toBe(3);
    });

    it('should default to page 1 of 10 and list items in the template shape', async () => {
      const res = await http.get('/v1/templates').expect(200);
      expect(res.body).toMatchObject({ page: 1, limit: 10 });
      expect(res.body.total).toBeGreaterThanOrEqual(3);
      expect(res.body.items.length).toBeLessThanOrEqual(10);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(
        ['createdAt', 'description', 'fileName', 'id', 'outputFormat', 'updatedAt'].sort(),
      );
    });

    it('should filter by outputFormat in any case, also as output_format', async () => {
      const csv = await http
        .get('/v1/templates')
        .query({ description: prefix, outputFormat: 'csv' })
        .expect(200);
      expect(csv.body.items.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
      expect(csv.body.total).toBe(1);
      const html = await http
        .get('/v1/templates')
        .query({ description: prefix, output_format: 'HtMl' })
        .expect(200);
      expect(html.body.items.map((t: { id: string }) => t.id)).toEqual([ids[0], ids[2]]);
      const bad = await http.get('/v1/templates').query({ outputFormat: 'docx' }).expect(400);
      expect(bad.body.code).toBe('TPL-0003');
    });

    it('should filter by creation day (YYYY-MM-DD)', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const todays = await http
        .get('/v1/templates')
        .query({ description: prefix, createdAt: today })
        .expect(200);
      expect(todays.body.total).toBe(3);
      const old = await http
        .get('/v1/templates')
        .query({ description: prefix, createdAt: '2001-02-03' })
        .expect(200);
      expect(old.body).toMatchObject({ items: [], total: 0 });
      for (const bad of ['yesterday', '2024-02-30', '2024-1-01']) {
        const res = await http.get('/v1/templates').query({ createdAt: bad }).expect(400);
        expect(res.body.code).toBe('TPL-0020');
        expect(res.body.fields).toHaveProperty('createdAt');
      }
    });

    it('should validate page and limit', async () => {
      expect((await http.get('/v1/templates?limit=101').expect(400)).body.fields).toHaveProperty(
        'limit',
      );
      expect((await http.get('/v1/templates?page=0').expect(400)).body.fields).toHaveProperty(
        'page',
      );
    });
  });

  describe('get, update and delete', () => {
    it('should read a template by id and 404 an unknown one with TPL-0011', async () => {
      const { body: created } = await upload().expect(201);
      expect((await http.get(`/v1/templates/${created.id}`).expect(200)).body).toEqual(created);
      const missing = await http.get(`/v1/templates/${MISSING_ID}`).expect(404);
      expect(missing.body).toMatchObject({ code: 'TPL-0011', entityType: 'Template' });
    });

    it('should replace the file, re-mapping its fields, and keep the rest', async () => {
      const { body: created } = await upload({ description: 'to patch' }).expect(201);
      const patched = await http
        .patch(`/v1/templates/${created.id}`)
        .attach('template', Buffer.from(CSV_TEMPLATE), 'new.tpl')
        .expect(200);
      expect(patched.body).toMatchObject({
        id: created.id,
        description: 'to patch',
        outputFormat: 'HTML',
        fileName: created.fileName,
        createdAt: created.createdAt,
      });
      expect(new Date(patched.body.updatedAt).getTime()).toBeGreaterThan(
        new Date(created.updatedAt).getTime(),
      );
      const stored = await row(created.id);
      expect(stored.content).toBe(CSV_TEMPLATE);
      expect(stored.mapped_fields).toEqual({ midaz_onboarding: { account: ['id', 'alias'] } });
      expect((await http.get(`/v1/templates/${created.id}`).expect(200)).body).toEqual(
        patched.body,
      );
    });

    it('should update the description and the output format alone', async () => {
      const { body: created } = await upload().expect(201);
      const described = await http
        .patch(`/v1/templates/${created.id}`)
        .field('description', 'Renamed')
        .expect(200);
      expect(described.body).toMatchObject({ description: 'Renamed', outputFormat: 'HTML' });
      const reformatted = await http
        .patch(`/v1/templates/${created.id}`)
        .field('outputFormat', 'xMl')
        .expect(200);
      expect(reformatted.body).toMatchObject({ description: 'Renamed', outputFormat: 'XML' });
      expect((await row(created.id)).content).toBe(ORGANIZATION_TEMPLATE);
    });

    it('should refuse an empty update, a bad file or format, and an unknown id', async () => {
      const { body: created } = await upload().expect(201);
      const nothing = await http
        .patch(`/v1/templates/${created.id}`)
        .field('description', ' ')
        .expect(400);
      expect(nothing.body.code).toBe('TPL-0001');
      const syntax = await http
        .patch(`/v1/templates/${created.id}`)
        .attach('templateFile', Buffer.from('{% for %}'), 'bad.tpl')
        .expect(400);
      expect(syntax.body).toMatchObject({
        code: 'TPL-0007',
        fields: { templateFile: expect.any(String) },
      });
      expect(
        (await http.patch(`/v1/templates/${created.id}`).field('outputFormat', 'odt').expect(400))
          .body.code,
      ).toBe('TPL-0003');
      expect((await row(created.id)).content).toBe(ORGANIZATION_TEMPLATE);
      const missing = await http
        .patch(`/v1/templates/${MISSING_ID}`)
        .field('description', 'x')
        .expect(404);
      expect(missing.body.code).toBe('TPL-0011');
    });

    it('should soft delete: 204, then 404 on read, update and delete, and gone from lists', async () => {
      const description = `Deleted ${Date.now()}`;
      const { body: created } = await upload({ description }).expect(201);
      await http.delete(`/v1/templates/${created.id}`).expect(204);
      expect((await http.get(`/v1/templates/${created.id}`).expect(404)).body.code).toBe(
        'TPL-0011',
      );
      await http.patch(`/v1/templates/${created.id}`).field('description', 'x').expect(404);
      await http.delete(`/v1/templates/${created.id}`).expect(404);
      const list = await http.get('/v1/templates').query({ description }).expect(200);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      const stored = await row(created.id);
      expect(stored.deleted_at).toBeInstanceOf(Date);
      expect(stored.content).toBe(ORGANIZATION_TEMPLATE);
    });

    it('should answer a non-UUID id with 0065 on every route', async () => {
      for (const res of [
        await http.get('/v1/templates/not-a-uuid'),
        await http.patch('/v1/templates/not-a-uuid').field('description', 'x'),
        await http.delete('/v1/templates/12345'),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: '0065', fields: { id: 'must be a UUID' } });
      }
    });
  });

  describe('operability', () => {
    it('should serve health, readiness and the OpenAPI document', async () => {
      await http.get('/health').expect(200, { status: 'ok' });
      const ready = await http.get('/readyz').expect(200);
      // Chromium is installed here (.ci/run installs it); without it pdf reads "degraded: …".
      expect(ready.body).toEqual({ status: 'ready', checks: { database: 'up', pdf: 'up' } });
      const docs = await http.get('/docs-json').expect(200);
      expect(docs.body.info.title).toBe('Reporter');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/templates',
          '/v1/templates/{id}',
          '/v1/data-sources',
          '/v1/data-sources/{dataSourceId}',
          '/v1/reports',
          '/v1/reports/{id}',
          '/v1/reports/{id}/download',
        ]),
      );
      const create = docs.body.paths['/v1/templates'].post;
      const form = create.requestBody.content['multipart/form-data'].schema;
      expect(Object.keys(form.properties)).toEqual(
        expect.arrayContaining(['template', 'templateFile', 'outputFormat', 'description']),
      );
      expect(docs.body.paths['/v1/templates/{id}']).toHaveProperty('patch');
      expect(docs.body.paths['/v1/templates/{id}']).toHaveProperty('delete');
    });

    it('should answer unknown routes with the error envelope', async () => {
      const res = await http.get('/v1/nothing-here').expect(404);
      expect(res.body).toMatchObject({ code: '0484', title: 'Route Not Found' });
    });
  });
});

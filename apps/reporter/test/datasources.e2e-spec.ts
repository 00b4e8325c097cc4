import request from 'supertest';
import { startReporter, type ReporterHarness } from './support/reporter-harness';

describe('reporter: data sources and template fields against the live schema', () => {
  let harness: ReporterHarness;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    harness = await startReporter();
    http = request(harness.app.getHttpServer());
  });

  afterAll(async () => {
    await harness?.close();
  });

  const upload = (content: string, options: { key?: string; description?: string } = {}) => {
    const req = http
      .post('/v1/templates')
      .attach('template', Buffer.from(content), { filename: 'r.tpl', contentType: 'text/plain' })
      .field('outputFormat', 'csv')
      .field('description', options.description ?? 'fields');
    if (options.key) req.set('X-Idempotency', options.key);
    return req;
  };

  it('should list the ledger data sources with their own tables and fields, and no internal table', async () => {
    const res = await http.get('/v1/data-sources').expect(200);
    const byId = Object.fromEntries(res.body.map((ds: { id: string }) => [ds.id, ds]));
    expect(Object.keys(byId).sort()).toEqual(['ds', 'midaz_onboarding', 'midaz_transaction']);
    expect(byId.midaz_onboarding).toEqual({
      id: 'midaz_onboarding',
      externalName: harness.ledger.name,
      type: 'postgresql',
      tables: [
        { name: 'account', fields: ['id', 'organization_id', 'alias', 'type', 'created_at'] },
        { name: 'organization', fields: ['id', 'legal_name', 'created_at'] },
      ],
    });
    expect(byId.midaz_transaction.tables.map((t: { name: string }) => t.name)).toEqual([
      'operation',
      'transaction',
    ]);
    expect(byId.ds.tables).toEqual([{ name: 't', fields: ['f', 'x', 'n'] }]);
  });

  it('should read one data source and 404 an unknown one with TPL-0011', async () => {
    const res = await http.get('/v1/data-sources/midaz_transaction').expect(200);
    expect(res.body.tables[1]).toEqual({
      name: 'transaction',
      fields: ['id', 'organization_id', 'amount', 'asset_code', 'status', 'created_at'],
    });
    const missing = await http.get('/v1/data-sources/nope').expect(404);
    expect(missing.body.code).toBe('TPL-0011');
  });

  it('should refuse a template naming an unknown data source, table or field, naming it', async () => {
    const ds = await upload('{{ crm.holders.0.name }}').expect(400);
    expect(ds.body.code).toBe('TPL-0031');
    expect(ds.body.message).toContain('"crm"');
    const table = await upload(
      '{% for o in midaz_transaction.outbox %}{{ o.secret }}{% endfor %}',
    ).expect(400);
    expect(table.body.code).toBe('TPL-0030');
    expect(table.body.fields).toEqual({ 'template.midaz_transaction.outbox': 'unknown table' });
    const field = await upload(
      '{% for a in midaz_onboarding.account %}{{ a.alias }}{{ a.colour }}{% endfor %}',
    ).expect(400);
    expect(field.body.code).toBe('TPL-0014');
    expect(field.body.fields).toEqual({
      'template.midaz_onboarding.account.colour': 'unknown field',
    });
    const tag = await upload('{% sum_by midaz_transaction.operation by "amout" %}').expect(400);
    expect(tag.body.code).toBe('TPL-0014');
  });

  it('should re-validate the fields when PATCH replaces the file', async () => {
    const created = await upload('{{ ds.t.0.f }}').expect(201);
    const res = await http
      .patch(`/v1/templates/${created.body.id}`)
      .attach('template', Buffer.from('{{ ds.t.0.missing }}'), 'r.tpl')
      .expect(400);
    expect(res.body.code).toBe('TPL-0014');
    const ok = await http
      .patch(`/v1/templates/${created.body.id}`)
      .attach('template', Buffer.from('{{ ds.t.0.x }}'), 'r.tpl')
      .expect(200);
    expect(ok.body.id).toBe(created.body.id);
  });

  it('should replay a create with the same X-Idempotency key and refuse the key for another upload', async () => {
    const first = await upload('{{ ds.t.0.f }}', { key: 'tpl-key-1' }).expect(201);
    expect(first.headers['x-idempotency-replayed']).toBeUndefined();
    const again = await upload('{{ ds.t.0.f }}', { key: 'tpl-key-1' }).expect(201);
    expect(again.headers['x-idempotency-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await upload('{{ ds.t.0.x }}', { key: 'tpl-key-1' }).expect(409);
    expect(other.body.code).toBe('TPL-0037');
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => upload('{{ ds.t.0.n }}', { key: 'tpl-key-2' })),
    );
    expect(new Set(concurrent.map((r) => r.body.id)).size).toBe(1);
    expect(concurrent.map((r) => r.status)).toEqual([201, 201, 201]);
  });
});

describe('reporter: a data source that cannot be reached', () => {
  let harness: ReporterHarness;

  beforeAll(async () => {
    harness = await startReporter({ DATASOURCE_DS_PORT: '1' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('should answer 503 with Retry-After, and keep the others readable', async () => {
    const http = request(harness.app.getHttpServer());
    const res = await http.get('/v1/data-sources/ds').expect(503);
    expect(res.body.code).toBe('TPL-0036');
    expect(res.headers['retry-after']).toBe('5');
    await http.get('/v1/data-sources/midaz_onboarding').expect(200);
  });
});

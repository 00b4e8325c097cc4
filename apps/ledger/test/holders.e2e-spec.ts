import { randomBytes } from 'node:crypto';
import { selfHolderIdOf } from '@finplat/ledger-domain';
import {
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

const KEK = randomBytes(32);

const person = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'EXT-1',
  type: 'NATURAL_PERSON',
  name: 'Maria Souza',
  document: '91315026015',
  addresses: {
    primary: { line1: 'Rua A 1', zipCode: '01000', city: 'Sao Paulo', state: 'SP', country: 'BR' },
  },
  contact: { primaryEmail: 'maria@example.com', mobilePhone: '+5511999990000' },
  naturalPerson: { motherName: 'Ana Souza', fatherName: 'Jose Souza', birthDate: '1990-01-01' },
  metadata: { tier: 'gold' },
  ...overrides,
});

describe('ledger: CRM holders with encrypted PII (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;
  let holders: string;

  beforeAll(async () => {
    h = await startLedger('ledger_holders_e2e', undefined, { kek: KEK, retiredKeks: [] });
    l = await newLedger(h.http, 'Holders');
    holders = `/v1/organizations/${l.organizationId}/holders`;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('create and read', () => {
    it('should create a holder and answer it decrypted, without fields the contract lacks', async () => {
      const res = await h.http.post(holders).send(person()).expect(201);
      const sent = person();
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...sent,
        // Every address line is answered, line2 null when not given (the contract's Address).
        addresses: { primary: { ...sent.addresses.primary, line2: null } },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const got = await h.http.get(`${holders}/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('should answer a reused X-Idempotency with the first holder and refuse another body (0502)', async () => {
      const body = person({ externalId: 'IDEMP-1', document: '39053344705' });
      const first = await h.http
        .post(holders)
        .set('X-Idempotency', 'holder-key-1')
        .send(body)
        .expect(201);
      expect(first.headers['x-idempotency-replayed']).toBe('false');
      const again = await h.http
        .post(holders)
        .set('X-Idempotency', 'holder-key-1')
        .send(body)
        .expect(201);
      expect([again.headers['x-idempotency-replayed'], again.body]).toEqual(['true', first.body]);
      const other = await h.http
        .post(holders)
        .set('X-Idempotency', 'holder-key-1')
        .send({ ...body, name: 'Someone Else' });
      expect([other.status, other.body.code]).toEqual([422, '0502']);
      const badTtl = await h.http
        .post(holders)
        .set('X-Idempotency', 'holder-key-2')
        .set('X-TTL', 'soon')
        .send(body);
      expect([badTtl.status, Object.keys(badTtl.body.fields)]).toEqual([400, ['X-TTL']]);
      const rows = await h.sql("SELECT id FROM crm_holder WHERE external_id = 'IDEMP-1'");
      expect(rows).toEqual([{ id: first.body.id }]);
      // Without the header, the same body is a second holder (Midaz's CRM has no default key).
      await h.http.post(holders).send(body).expect(201);
    });

    it('should store no plaintext PII: every protected column is ciphertext', async () => {
      const { body } = await h.http
        .post(holders)
        .send(
          person({
            type: 'LEGAL_PERSON',
            name: 'Secret Corp',
            document: '11222333000181',
            naturalPerson: undefined,
            legalPerson: {
              tradeName: 'SC',
              representative: { name: 'Rep Person', document: '55566677788', email: 'rep@x.io' },
            },
          }),
        )
        .expect(201);
      const [row] = await h.sql<Record<string, unknown>>(
        'SELECT row_to_json(h)::text AS text, name, document, document_token FROM crm_holder h WHERE id = $1',
        [body.id],
      );
      for (const secret of [
        'Secret Corp',
        '11222333000181',
        'maria@example.com',
        '+5511999990000',
        'Rep Person',
        '55566677788',
        'rep@x.io',
      ]) {
        expect(row.text).not.toContain(secret);
      }
      expect(row.name).toMatch(/^v1:/);
      expect(row.document).toMatch(/^v1:/);
      expect(row.document_token).toMatch(/^v1:/);
      // Not PII per the notes: stays readable for operators.
      expect(row.text).toContain('SC');
      const [key] = await h.sql<{ n: string }>(
        `SELECT count(*)::text AS n FROM crm_data_key WHERE organization_id = $1`,
        [l.organizationId],
      );
      expect(key.n).toBe('1');
    });

    it('should find holders by document through search tokens, and by external_id and metadata', async () => {
      const a = (await h.http.post(holders).send(person({ document: 'DOC-A', externalId: 'XA' })))
        .body;
      const b = (
        await h.http
          .post(holders)
          .send(person({ document: 'DOC-B', externalId: 'XB', metadata: { tier: 'silver' } }))
      ).body;
      expect(idsOf(await h.http.get(`${holders}?document=DOC-A`).expect(200))).toEqual([a.id]);
      expect(idsOf(await h.http.get(`${holders}?document=DOC-`).expect(200))).toEqual([]);
      expect(idsOf(await h.http.get(`${holders}?external_id=XB`).expect(200))).toEqual([b.id]);
      const silver = await h.http.get(`${holders}?metadata.tier=silver`).expect(200);
      expect(idsOf(silver)).toEqual([b.id]);
      expect(silver.body).toMatchObject({ page: 1, limit: 10 });
    });

    it('should list the organization’s self-holder, named after the organization', async () => {
      const self = await h.http.get(`${holders}/${selfHolderIdOf(l.organizationId)}`).expect(200);
      expect(self.body).toMatchObject({
        id: selfHolderIdOf(l.organizationId),
        type: 'LEGAL_PERSON',
        name: 'Holders Org',
        document: '00000000000191',
      });
      const all = await h.http.get(`${holders}?limit=100`).expect(200);
      expect(idsOf(all)).toContain(selfHolderIdOf(l.organizationId));
    });
  });

  describe('update and delete', () => {
    it('should merge a patch into the blocks, re-encrypting what changed', async () => {
      const { body } = await h.http.post(holders).send(person()).expect(201);
      const res = await h.http
        .patch(`${holders}/${body.id}`)
        .send({
          name: 'Maria S. Lima',
          contact: { secondaryEmail: 'm2@example.com' },
          metadata: { tier: null },
        })
        .expect(200);
      expect(res.body).toMatchObject({
        name: 'Maria S. Lima',
        document: '91315026015',
        contact: {
          primaryEmail: 'maria@example.com',
          secondaryEmail: 'm2@example.com',
          mobilePhone: '+5511999990000',
        },
        metadata: {},
      });
      expect((await h.http.get(`${holders}/${body.id}`).expect(200)).body).toEqual(res.body);
      const [row] = await h.sql<{ text: string }>(
        'SELECT row_to_json(h)::text AS text FROM crm_holder h WHERE id = $1',
        [body.id],
      );
      expect(row.text).not.toContain('m2@example.com');
      expect(row.text).not.toContain('Maria S. Lima');
    });

    it('should refuse to change type or document (0053)', async () => {
      const { body } = await h.http.post(holders).send(person()).expect(201);
      for (const patch of [{ document: '1' }, { type: 'LEGAL_PERSON' }]) {
        const res = await h.http.patch(`${holders}/${body.id}`).send(patch).expect(400);
        expect(res.body.code).toBe('0053');
      }
    });

    it('should soft delete (visible with include_deleted) and hard delete', async () => {
      const { body } = await h.http.post(holders).send(person()).expect(201);
      await h.http.delete(`${holders}/${body.id}`).expect(204);
      expect((await h.http.get(`${holders}/${body.id}`).expect(404)).body.code).toBe('CRM-0006');
      const deleted = await h.http.get(`${holders}/${body.id}?include_deleted=true`).expect(200);
      expect(deleted.body.deletedAt).toEqual(expect.any(String));
      expect(idsOf(await h.http.get(`${holders}?include_deleted=true&limit=100`))).toContain(
        body.id,
      );
      expect(idsOf(await h.http.get(`${holders}?limit=100`))).not.toContain(body.id);

      const other = (await h.http.post(holders).send(person()).expect(201)).body;
      await h.http.delete(`${holders}/${other.id}?hard_delete=true`).expect(204);
      await h.http.get(`${holders}/${other.id}?include_deleted=true`).expect(404);
      expect(await h.sql('SELECT id FROM crm_holder WHERE id = $1', [other.id])).toEqual([]);
    });

    it('should never delete the self-holder (0008)', async () => {
      const res = await h.http.delete(`${holders}/${selfHolderIdOf(l.organizationId)}`).expect(422);
      expect(res.body.code).toBe('0008');
    });
  });

  describe('validation and missing resources', () => {
    it.each([
      [{ ...person(), name: undefined }, '0009', 'name'],
      [{ ...person(), type: 'ROBOT' }, '0047', 'type'],
      [
        { ...person(), naturalPerson: { birthDate: '01/01/1990' } },
        '0047',
        'naturalPerson.birthDate',
      ],
      [{ ...person(), contact: { primaryEmail: 'x'.repeat(257) } }, '0047', 'contact.primaryEmail'],
      [{ ...person(), nickname: 'x' }, '0053', 'nickname'],
      [{ ...person(), metadata: { deep: { no: 1 } } }, '0067', 'metadata.deep'],
    ])(
      'should answer a bad body with 400 naming the field, writing nothing (%#)',
      async (body, code, field) => {
        const count = async () =>
          (await h.sql<{ n: string }>('SELECT count(*)::text AS n FROM crm_holder'))[0].n;
        const before = await count();
        const res = await h.http.post(holders).send(body).expect(400);
        expect(res.body.code).toBe(code);
        expect(res.body.fields).toHaveProperty([field]);
        expect(await count()).toBe(before);
      },
    );

    it('should answer unknown holders, organizations and malformed ids with 404 / 400', async () => {
      expect((await h.http.get(`${holders}/${UNKNOWN_ID}`).expect(404)).body.code).toBe('CRM-0006');
      expect((await h.http.patch(`${holders}/${UNKNOWN_ID}`).send({}).expect(404)).body.code).toBe(
        'CRM-0006',
      );
      expect((await h.http.delete(`${holders}/${UNKNOWN_ID}`).expect(404)).body.code).toBe(
        'CRM-0006',
      );
      const otherOrg = `/v1/organizations/${UNKNOWN_ID}/holders`;
      expect((await h.http.get(otherOrg).expect(404)).body.code).toBe('0007');
      expect((await h.http.post(otherOrg).send(person()).expect(404)).body.code).toBe('0007');
      expect((await h.http.get(`${holders}/not-a-uuid`).expect(400)).body.code).toBe('0065');
    });

    it('should not show one organization’s holder under another organization', async () => {
      const other = await newLedger(h.http, 'Other');
      const { body } = await h.http.post(holders).send(person()).expect(201);
      const elsewhere = `/v1/organizations/${other.organizationId}/holders`;
      expect((await h.http.get(`${elsewhere}/${body.id}`).expect(404)).body.code).toBe('CRM-0006');
      expect(idsOf(await h.http.get(`${elsewhere}?document=91315026015`))).toEqual([]);
    });
  });

  describe('ciphertext bound to its record and field', () => {
    it('should refuse (422 CRM-0033) a ciphertext copied from another record or field', async () => {
      const a = (
        await h.http
          .post(holders)
          .send(person({ name: 'Alice' }))
          .expect(201)
      ).body;
      const b = (
        await h.http
          .post(holders)
          .send(person({ name: 'Bob' }))
          .expect(201)
      ).body;
      await h.sql(
        'UPDATE crm_holder SET name = (SELECT name FROM crm_holder WHERE id = $1) WHERE id = $2',
        [a.id, b.id],
      );
      const res = await h.http.get(`${holders}/${b.id}`).expect(422);
      expect(res.body.code).toBe('CRM-0033');
      expect(JSON.stringify(res.body)).not.toContain('Alice');

      const c = (await h.http.post(holders).send(person()).expect(201)).body;
      await h.sql('UPDATE crm_holder SET name = document WHERE id = $1', [c.id]);
      expect((await h.http.get(`${holders}/${c.id}`).expect(422)).body.code).toBe('CRM-0033');
    });

    it('should fail closed (503 CRM-0032) on a value sealed under an unknown key version', async () => {
      const d = (await h.http.post(holders).send(person()).expect(201)).body;
      await h.sql(
        `UPDATE crm_holder SET name = regexp_replace(name, '^v1:', 'v9:') WHERE id = $1`,
        [d.id],
      );
      const res = await h.http.get(`${holders}/${d.id}`).expect(503);
      expect(res.body.code).toBe('CRM-0032');
    });
  });
});

describe('ledger: CRM holders without a KEK', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedger('ledger_holders_nokek_e2e');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('should answer 503 CRM-0031 on PII endpoints and keep the rest of the ledger working', async () => {
    const l = await newLedger(h.http, 'NoKek');
    const holders = `/v1/organizations/${l.organizationId}/holders`;
    const created = await h.http.post(holders).send(person()).expect(503);
    expect(created.body.code).toBe('CRM-0031');
    expect(created.body.message).toContain('LEDGER_CRM_KEK');
    expect((await h.http.get(holders).expect(503)).body.code).toBe('CRM-0031');
    expect((await h.http.get(`${holders}/${UNKNOWN_ID}`).expect(503)).body.code).toBe('CRM-0031');
    await h.http
      .post(`${l.base}/assets`)
      .send({ name: 'Real', type: 'currency', code: 'BRL' })
      .expect(201);
  });
});

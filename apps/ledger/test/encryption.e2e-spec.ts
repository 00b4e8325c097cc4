import { randomBytes } from 'node:crypto';
import {
  idsOf,
  newLedger,
  startLedger,
  UNKNOWN_ID,
  type LedgerHarness,
  type LedgerPath,
} from './support/ledger-harness';

describe('ledger: CRM encryption provisioning, rotation and audit (single-tenant, real PostgreSQL)', () => {
  const oldKek = randomBytes(32);
  const newKek = randomBytes(32);
  let h: LedgerHarness;
  let l: LedgerPath;
  let org: string;

  beforeAll(async () => {
    h = await startLedger('ledger_encryption_e2e', undefined, { kek: oldKek, retiredKeks: [] });
    l = await newLedger(h.http, 'Keys');
    org = `/v1/organizations/${l.organizationId}`;
  });

  afterAll(async () => {
    await h?.close();
  });

  const holder = (document: string) => ({
    type: 'NATURAL_PERSON',
    name: `N ${document}`,
    document,
  });

  it('should provision once, report the status and answer already_exists after', async () => {
    expect((await h.http.get(`${org}/encryption/status`).expect(200)).body).toEqual({
      organization_id: l.organizationId,
      provisioned: false,
      status: 'unprovisioned',
    });
    const first = await h.http.post(`${org}/encryption/provision`).send({}).expect(200);
    expect(first.body).toEqual({
      organization_id: l.organizationId,
      kek_path: expect.stringMatching(
        new RegExp(`^default_org-${l.organizationId}@kek-[0-9a-f]{16}$`),
      ),
      aead_primary_key_id: 1,
      prf_primary_key_id: 1,
      status: 'active',
    });
    const again = await h.http.post(`${org}/encryption/provision`).expect(200);
    expect(again.body.aead_primary_key_id).toBe(1);
    expect((await h.http.get(`${org}/encryption/status`).expect(200)).body).toMatchObject({
      provisioned: true,
      status: 'active',
    });
    const audit = await h.http.get(`${org}/protection/audit`).expect(200);
    expect(audit.body).toEqual({
      organization_id: l.organizationId,
      limit: 20,
      items: [
        expect.objectContaining({
          action: 'provision',
          outcome: 'already_exists',
          from_status: 'active',
        }),
        expect.objectContaining({
          action: 'provision',
          outcome: 'success',
          actor: 'anonymous',
          from_status: 'unprovisioned',
          to_status: 'active',
          request_id: expect.any(String),
          timestamp: expect.any(String),
        }),
      ],
    });
  });

  it('should rotate without re-indexing: old values still open and still match their tokens', async () => {
    const before = (await h.http.post(`${org}/holders`).send(holder('ROT-1')).expect(201)).body;
    const rotated = await h.http
      .post(`${org}/encryption/provision`)
      .send({ rotate: true })
      .expect(200);
    expect(rotated.body.aead_primary_key_id).toBe(2);
    const after = (await h.http.post(`${org}/holders`).send(holder('ROT-1')).expect(201)).body;
    const rows = await h.sql<{ id: string; name: string; document_token: string }>(
      'SELECT id, name, document_token FROM crm_holder WHERE id = ANY($1)',
      [[before.id, after.id]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(before.id)!.name).toMatch(/^v1:/);
    expect(byId.get(after.id)!.name).toMatch(/^v2:/);
    expect(byId.get(before.id)!.document_token).not.toBe(byId.get(after.id)!.document_token);
    expect((await h.http.get(`${org}/holders/${before.id}`).expect(200)).body.name).toBe('N ROT-1');
    const found = await h.http.get(`${org}/holders?document=ROT-1`).expect(200);
    expect(idsOf(found).sort()).toEqual([before.id, after.id].sort());
  });

  it('should page and filter the audit', async () => {
    const rotations = await h.http.get(`${org}/protection/audit?action=rotate`).expect(200);
    expect(rotations.body.items.map((e: { action: string }) => e.action)).toEqual(['rotate']);
    const page1 = await h.http.get(`${org}/protection/audit?limit=2`).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.next_cursor).toEqual(expect.any(String));
    const page2 = await h.http
      .get(`${org}/protection/audit?limit=2&cursor=${page1.body.next_cursor}`)
      .expect(200);
    expect(page2.body.items.length).toBeGreaterThan(0);
    const ids = [...page1.body.items, ...page2.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      (await h.http.get(`${org}/protection/audit?outcome=maybe`).expect(400)).body.fields,
    ).toHaveProperty('outcome');
    expect(
      (await h.http.get(`${org}/protection/audit?action=provision&outcome=success`)).body.items,
    ).toHaveLength(1);
  });

  it('should change the KEK: read with the old one retired, re-wrap on provision, then drop it', async () => {
    const holderId = (await h.http.post(`${org}/holders`).send(holder('KEK-1')).expect(201)).body
      .id;
    // An instance with only a foreign KEK fails closed.
    const stranger = await startLedger('unused', h.database, {
      kek: randomBytes(32),
      retiredKeks: [],
    });
    try {
      expect((await stranger.http.get(`${org}/holders/${holderId}`).expect(503)).body.code).toBe(
        'CRM-0032',
      );
    } finally {
      await stranger.close();
    }
    const failures = await h.http.get(`${org}/protection/audit?action=unwrap`).expect(200);
    expect(failures.body.items[0]).toMatchObject({ outcome: 'failure', to_status: 'unavailable' });
    const rotating = await startLedger('unused', h.database, {
      kek: newKek,
      retiredKeks: [oldKek],
    });
    try {
      expect(
        (await rotating.http.get(`${org}/holders/${holderId}`).expect(200)).body.document,
      ).toBe('KEK-1');
      await rotating.http.post(`${org}/encryption/provision`).expect(200);
      const kekIds = await h.sql<{ kek_id: string }>(
        'SELECT DISTINCT kek_id FROM crm_data_key WHERE organization_id = $1',
        [l.organizationId],
      );
      expect(kekIds).toHaveLength(1);
      const audit = await rotating.http.get(`${org}/protection/audit?limit=1`).expect(200);
      expect(audit.body.items[0].reason).toContain('re-wrapped');
    } finally {
      await rotating.close();
    }
    const renewed = await startLedger('unused', h.database, { kek: newKek, retiredKeks: [] });
    try {
      expect((await renewed.http.get(`${org}/holders/${holderId}`).expect(200)).body.document).toBe(
        'KEK-1',
      );
      expect(idsOf(await renewed.http.get(`${org}/holders?document=KEK-1`))).toEqual([holderId]);
    } finally {
      await renewed.close();
    }
  });

  it('should answer unknown organizations, bad ids and bad bodies', async () => {
    const unknown = `/v1/organizations/${UNKNOWN_ID}`;
    expect((await h.http.get(`${unknown}/encryption/status`).expect(404)).body.code).toBe('0007');
    expect((await h.http.post(`${unknown}/encryption/provision`).expect(404)).body.code).toBe(
      '0007',
    );
    expect((await h.http.get(`${unknown}/protection/audit`).expect(404)).body.code).toBe('0007');
    expect(
      (await h.http.get('/v1/organizations/nope/encryption/status').expect(400)).body.code,
    ).toBe('0065');
    expect(
      (await h.http.post(`${org}/encryption/provision`).send({ rotate: 'yes' }).expect(400)).body
        .fields,
    ).toHaveProperty('rotate');
    expect(
      (await h.http.post(`${org}/encryption/provision`).send({ other: 1 }).expect(400)).body.code,
    ).toBe('0053');
  });

  it('should serve every CRM route in the OpenAPI document', async () => {
    const docs = await h.http.get('/docs-json').expect(200);
    const paths = Object.keys(docs.body.paths);
    const o = '/v1/organizations/{organization_id}';
    for (const path of [
      `${o}/holders`,
      `${o}/holders/{id}`,
      `${o}/holders/{id}/accounts`,
      `${o}/holders/{holder_id}/instruments`,
      `${o}/holders/{holder_id}/instruments/{instrument_id}`,
      `${o}/holders/{holder_id}/instruments/{instrument_id}/related-parties/{related_party_id}`,
      `${o}/instruments`,
      `${o}/ledgers/{ledger_id}/holders/{id}/accounts`,
      `${o}/encryption/provision`,
      `${o}/encryption/status`,
      `${o}/protection/audit`,
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('should keep one organization’s keys and audit apart from another’s', async () => {
    const other = await newLedger(h.http, 'Other');
    const otherOrg = `/v1/organizations/${other.organizationId}`;
    expect((await h.http.get(`${otherOrg}/encryption/status`)).body.provisioned).toBe(false);
    expect((await h.http.get(`${otherOrg}/protection/audit`)).body.items).toEqual([]);
  });
});

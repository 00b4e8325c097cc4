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

const holderBody = (document: string) => ({
  type: 'NATURAL_PERSON',
  name: `Holder ${document}`,
  document,
});

const details = (suffix: string) => ({
  bankingDetails: {
    branch: '0001',
    account: `ACC-${suffix}`,
    type: 'CACC',
    openingDate: '2025-01-01',
    iban: `BR15000000000000${suffix}`,
    countryCode: 'BR',
    bankId: '001',
  },
  regulatoryFields: { participantDocument: `PART-${suffix}` },
  relatedParties: [
    {
      document: `RP-${suffix}`,
      name: 'Ana Rep',
      role: 'LEGAL_REPRESENTATIVE',
      startDate: '2025-01-01',
    },
  ],
  metadata: { channel: 'app' },
});

describe('ledger: CRM instruments, holder accounts and the composition (single-tenant, real PostgreSQL)', () => {
  let h: LedgerHarness;
  let l: LedgerPath;
  let org: string;

  beforeAll(async () => {
    h = await startLedger('ledger_instruments_e2e', undefined, {
      kek: randomBytes(32),
      retiredKeks: [],
    });
    l = await newLedger(h.http, 'Instruments');
    org = `/v1/organizations/${l.organizationId}`;
    await h.http
      .post(`${l.base}/assets`)
      .send({ name: 'Real', type: 'currency', code: 'BRL' })
      .expect(201);
  });

  afterAll(async () => {
    await h?.close();
  });

  const newHolder = async (document = randomBytes(4).toString('hex')) =>
    (await h.http.post(`${org}/holders`).send(holderBody(document)).expect(201)).body;
  const newAccount = async (extra: Record<string, unknown> = {}) =>
    (
      await h.http
        .post(`${l.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'deposit', ...extra })
        .expect(201)
    ).body;
  const compose = (holderId: string, body: Record<string, unknown>, path: LedgerPath = l) =>
    h.http.post(`${path.base}/holders/${holderId}/accounts`).send(body);

  describe('accounts carry holderId', () => {
    it('should open an account for a named holder and list it under the holder', async () => {
      const holder = await newHolder();
      const account = await newAccount({ holderId: holder.id });
      expect(account.holderId).toBe(holder.id);
      const listed = await h.http.get(`${org}/holders/${holder.id}/accounts`).expect(200);
      expect(idsOf(listed)).toEqual([account.id]);
      expect(listed.body).toMatchObject({ page: 1, limit: 10 });
    });

    it('should default to the self-holder, whose accounts include those naming none', async () => {
      const account = await newAccount();
      const self = selfHolderIdOf(l.organizationId);
      expect(account.holderId).toBe(self);
      const listed = await h.http.get(`${org}/holders/${self}/accounts?limit=100`).expect(200);
      expect(idsOf(listed)).toContain(account.id);
      expect(listed.body.items.every((a: { holderId: string }) => a.holderId === self)).toBe(true);
    });

    it('should refuse an unknown holder (CRM-0006) and a holderId change (0053)', async () => {
      const res = await h.http
        .post(`${l.base}/accounts`)
        .send({ assetCode: 'BRL', type: 'deposit', holderId: UNKNOWN_ID })
        .expect(404);
      expect(res.body.code).toBe('CRM-0006');
      const account = await newAccount();
      const patch = await h.http
        .patch(`${l.base}/accounts/${account.id}`)
        .send({ holderId: UNKNOWN_ID })
        .expect(400);
      expect(patch.body.code).toBe('0053');
    });

    it('should enforce settings.accounting.requireHolder, with skip.holder only where allowed', async () => {
      const strict = await newLedger(h.http, 'Strict');
      await h.http
        .post(`${strict.base}/assets`)
        .send({ name: 'Real', type: 'currency', code: 'BRL' })
        .expect(201);
      const open = (body: Record<string, unknown>) =>
        h.http.post(`${strict.base}/accounts`).send({ assetCode: 'BRL', type: 'deposit', ...body });
      // Not required yet: no holder is fine, but a skip still needs the ledger's permission.
      expect((await open({}).expect(201)).body.holderCheckSkipped).toBe(false);
      expect((await open({ skip: { holder: true } }).expect(422)).body.code).toBe('0490');
      await h.http
        .patch(`${strict.base}/settings`)
        .send({ accounting: { requireHolder: true } })
        .expect(200);
      const missing = await open({}).expect(422);
      expect(missing.body).toMatchObject({
        code: '0491',
        fields: { holderId: expect.any(String) },
      });
      const strictHolder = (
        await h.http
          .post(`/v1/organizations/${strict.organizationId}/holders`)
          .send(holderBody('STRICT-1'))
          .expect(201)
      ).body;
      expect((await open({ holderId: strictHolder.id }).expect(201)).body.holderId).toBe(
        strictHolder.id,
      );
      expect((await open({ skip: { holder: true } }).expect(422)).body.code).toBe('0490');
      await h.http
        .patch(`${strict.base}/settings`)
        .send({ overrides: { allowHolderSkip: true } })
        .expect(200);
      const skipped = await open({ skip: { holder: true } }).expect(201);
      expect(skipped.body).toMatchObject({
        holderCheckSkipped: true,
        holderId: selfHolderIdOf(strict.organizationId),
      });
      expect(
        (await h.http.get(`${strict.base}/accounts/${skipped.body.id}`)).body.holderCheckSkipped,
      ).toBe(true);
      expect((await open({ skip: { holder: 'yes' } }).expect(400)).body.fields).toHaveProperty([
        'skip.holder',
      ]);
    });

    it('should refuse to delete a holder that owns accounts (CRM-0030)', async () => {
      const holder = await newHolder();
      await newAccount({ holderId: holder.id });
      expect((await h.http.delete(`${org}/holders/${holder.id}`).expect(422)).body.code).toBe(
        'CRM-0030',
      );
    });
  });

  describe('instruments', () => {
    it('should create, read, filter by every token field, update and delete an instrument', async () => {
      const holder = await newHolder('DOC-I1');
      const account = await newAccount({ holderId: holder.id });
      const created = await h.http
        .post(`${org}/holders/${holder.id}/instruments`)
        .send({ ledgerId: l.ledgerId, accountId: account.id, ...details('1') })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        holderId: holder.id,
        ledgerId: l.ledgerId,
        accountId: account.id,
        type: 'NATURAL_PERSON',
        document: 'DOC-I1',
        ...details('1'),
        relatedParties: [{ id: expect.any(String), ...details('1').relatedParties[0] }],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        deletedAt: null,
      });
      const id = created.body.id;
      const path = `${org}/holders/${holder.id}/instruments/${id}`;
      expect((await h.http.get(path).expect(200)).body).toEqual(created.body);

      for (const query of [
        'document=DOC-I1',
        'banking_details_account=ACC-1',
        'banking_details_iban=BR150000000000001',
        'banking_details_branch=0001',
        'regulatory_fields_participant_document=PART-1',
        'related_party_document=RP-1',
        `holder_id=${holder.id}`,
        `account_id=${account.id}`,
      ]) {
        const res = await h.http.get(`${org}/instruments?${query}&limit=100`).expect(200);
        expect(idsOf(res)).toContain(id);
      }
      expect(idsOf(await h.http.get(`${org}/instruments?banking_details_account=ACC-2`))).toEqual(
        [],
      );
      expect(
        idsOf(
          await h.http.get(
            `${org}/instruments?related_party_role=PRIMARY_HOLDER&holder_id=${holder.id}`,
          ),
        ),
      ).toEqual([]);

      const [row] = await h.sql<{ text: string }>(
        'SELECT row_to_json(i)::text AS text FROM crm_instrument i WHERE id = $1',
        [id],
      );
      for (const secret of ['DOC-I1', 'ACC-1', 'BR150000000000001', 'PART-1', 'RP-1']) {
        expect(row.text).not.toContain(secret);
      }

      const updated = await h.http
        .patch(path)
        .send({
          bankingDetails: { closingDate: '2026-01-01' },
          relatedParties: [
            { document: 'RP-9', name: 'Bo', role: 'PRIMARY_HOLDER', startDate: '2025-02-01' },
          ],
        })
        .expect(200);
      expect(updated.body.bankingDetails).toMatchObject({
        account: 'ACC-1',
        closingDate: '2026-01-01',
      });
      expect(updated.body.relatedParties.map((p: { document: string }) => p.document)).toEqual([
        'RP-1',
        'RP-9',
      ]);
      const first = updated.body.relatedParties[0].id;
      await h.http.delete(`${path}/related-parties/${first}`).expect(204);
      expect(
        (await h.http.get(path)).body.relatedParties.map((p: { document: string }) => p.document),
      ).toEqual(['RP-9']);
      expect((await h.http.delete(`${path}/related-parties/${first}`).expect(404)).body.code).toBe(
        'CRM-0034',
      );

      expect((await h.http.delete(`${org}/holders/${holder.id}`).expect(422)).body.code).toBe(
        'CRM-0017',
      );
      await h.http.delete(path).expect(204);
      expect((await h.http.get(path).expect(404)).body.code).toBe('CRM-0008');
      expect((await h.http.get(`${path}?include_deleted=true`).expect(200)).body.deletedAt).toEqual(
        expect.any(String),
      );
    });

    it('should allow one instrument per account (CRM-0013) and none on another holder’s account', async () => {
      const holder = await newHolder();
      const other = await newHolder();
      const account = await newAccount({ holderId: holder.id });
      const body = { ledgerId: l.ledgerId, accountId: account.id };
      await h.http.post(`${org}/holders/${holder.id}/instruments`).send(body).expect(201);
      expect(
        (await h.http.post(`${org}/holders/${holder.id}/instruments`).send(body).expect(409)).body
          .code,
      ).toBe('CRM-0013');
      expect(
        (await h.http.post(`${org}/holders/${other.id}/instruments`).send(body).expect(422)).body
          .code,
      ).toBe('0008');
    });

    it('should answer a reused X-Idempotency with the first instrument, and refuse it for another request', async () => {
      const holder = await newHolder();
      const other = await newHolder();
      const account = await newAccount({ holderId: holder.id });
      const body = { ledgerId: l.ledgerId, accountId: account.id };
      const send = (holderId: string, payload: object) =>
        h.http
          .post(`${org}/holders/${holderId}/instruments`)
          .set('X-Idempotency', 'instrument-key-1')
          .send(payload);
      const first = await send(holder.id, body).expect(201);
      expect(first.headers['x-idempotency-replayed']).toBe('false');
      const again = await send(holder.id, body).expect(201);
      expect([again.headers['x-idempotency-replayed'], again.body]).toEqual(['true', first.body]);
      for (const res of [
        await send(holder.id, { ...body, metadata: { other: 'body' } }),
        await send(other.id, body),
      ]) {
        expect([res.status, res.body.code]).toEqual([422, '0502']);
      }
      const rows = await h.sql('SELECT id FROM crm_instrument WHERE account_id = $1', [account.id]);
      expect(rows).toHaveLength(1);
    });

    it('should hand an account of the self-holder to the holder it gets an instrument for', async () => {
      const holder = await newHolder();
      const account = await newAccount();
      await h.http
        .post(`${org}/holders/${holder.id}/instruments`)
        .send({ ledgerId: l.ledgerId, accountId: account.id })
        .expect(201);
      expect((await h.http.get(`${l.base}/accounts/${account.id}`).expect(200)).body.holderId).toBe(
        holder.id,
      );
    });

    it.each([
      [{ accountId: UNKNOWN_ID }, 404, '0007'],
      [{ ledgerId: UNKNOWN_ID }, 404, '0007'],
      [{ ledgerId: 'x' }, 400, '0047'],
      [
        { relatedParties: [{ document: '1', name: 'x', role: 'BOSS', startDate: '2025-01-01' }] },
        400,
        '0047',
      ],
      [{ relatedParties: [{ document: '1', name: 'x', role: 'PRIMARY_HOLDER' }] }, 400, '0047'],
      [{ bankingDetails: { iban: 'x'.repeat(35) } }, 400, '0047'],
      [{ surprise: 1 }, 400, '0053'],
    ])('should refuse a bad instrument %j with %i %s', async (change, status, code) => {
      const holder = await newHolder();
      const account = await newAccount({ holderId: holder.id });
      const res = await h.http
        .post(`${org}/holders/${holder.id}/instruments`)
        .send({ ledgerId: l.ledgerId, accountId: account.id, ...change })
        .expect(status);
      expect(res.body.code).toBe(code);
    });

    it('should answer unknown holders and instruments with CRM-0006 / CRM-0008', async () => {
      const holder = await newHolder();
      expect(
        (
          await h.http
            .post(`${org}/holders/${UNKNOWN_ID}/instruments`)
            .send({ ledgerId: l.ledgerId, accountId: UNKNOWN_ID })
            .expect(404)
        ).body.code,
      ).toBe('CRM-0006');
      expect(
        (await h.http.get(`${org}/holders/${holder.id}/instruments/${UNKNOWN_ID}`).expect(404)).body
          .code,
      ).toBe('CRM-0008');
      expect(
        (await h.http.get(`/v1/organizations/${UNKNOWN_ID}/instruments`).expect(404)).body.code,
      ).toBe('0007');
    });
  });

  describe('composition: POST …/ledgers/{ledger}/holders/{id}/accounts', () => {
    it('should open the account and its instrument in one step', async () => {
      const holder = await newHolder('DOC-C1');
      const res = await compose(holder.id, {
        account: { assetCode: 'BRL', type: 'deposit', alias: '@composed_1' },
        instrument: details('C1'),
      }).expect(201);
      expect(res.body.account).toMatchObject({
        alias: '@composed_1',
        holderId: holder.id,
        ledgerId: l.ledgerId,
      });
      expect(res.body.instrument).toMatchObject({
        holderId: holder.id,
        accountId: res.body.account.id,
        document: 'DOC-C1',
        bankingDetails: { account: 'ACC-C1' },
      });
      const balances = await h.http
        .get(`${l.base}/accounts/${res.body.account.id}/balances`)
        .expect(200);
      expect(balances.body.items).toHaveLength(1);
    });

    it('should open only the account when no instrument is asked for', async () => {
      const holder = await newHolder();
      const res = await compose(holder.id, {
        account: { assetCode: 'BRL', type: 'deposit' },
      }).expect(201);
      expect(res.body.instrument).toBeNull();
      expect(res.body.account.holderId).toBe(holder.id);
    });

    it('should leave nothing behind when any part fails', async () => {
      const holder = await newHolder();
      await newAccount({ alias: '@taken_alias' });
      const count = async () =>
        (
          await h.sql<{ n: string }>(
            'SELECT count(*)::text AS n FROM account WHERE holder_id = $1',
            [holder.id],
          )
        )[0].n;
      const taken = await compose(holder.id, {
        account: { assetCode: 'BRL', type: 'deposit', alias: '@taken_alias' },
        instrument: details('X'),
      }).expect(409);
      expect(taken.body.code).toBe('0020');
      const badAsset = await compose(holder.id, {
        account: { assetCode: 'XYZ', type: 'deposit' },
      }).expect(404);
      expect(badAsset.body.code).toBe('0034');
      expect(await count()).toBe('0');
      expect(
        await h.sql('SELECT id FROM crm_instrument WHERE holder_id = $1', [holder.id]),
      ).toEqual([]);
    });

    it('should validate the body and the path', async () => {
      const holder = await newHolder();
      expect((await compose(holder.id, {}).expect(400)).body.code).toBe('0009');
      expect(
        (await compose(holder.id, { account: { type: 'deposit' } }).expect(400)).body.fields,
      ).toHaveProperty(['account.assetCode']);
      expect(
        (
          await compose(holder.id, {
            account: { assetCode: 'BRL', type: 'd', holderId: holder.id },
          }).expect(400)
        ).body.code,
      ).toBe('0053');
      expect(
        (await compose(UNKNOWN_ID, { account: { assetCode: 'BRL', type: 'deposit' } }).expect(404))
          .body.code,
      ).toBe('CRM-0006');
      const wrongLedger = {
        ...l,
        base: `/v1/organizations/${l.organizationId}/ledgers/${UNKNOWN_ID}`,
      };
      expect(
        (
          await compose(
            holder.id,
            { account: { assetCode: 'BRL', type: 'deposit' } },
            wrongLedger,
          ).expect(404)
        ).body.code,
      ).toBe('0007');
    });

    it('should not reach a holder of another organization', async () => {
      const other = await newLedger(h.http, 'Elsewhere');
      const holder = await newHolder();
      const res = await compose(
        holder.id,
        { account: { assetCode: 'BRL', type: 'deposit' } },
        other,
      ).expect(404);
      expect(res.body.code).toBe('CRM-0006');
      expect(
        (
          await h.http
            .get(`/v1/organizations/${other.organizationId}/holders/${holder.id}/accounts`)
            .expect(404)
        ).body.code,
      ).toBe('CRM-0006');
    });
  });
});

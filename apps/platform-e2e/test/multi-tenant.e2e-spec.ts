import { randomUUID } from 'node:crypto';
import { adminQuery } from '@finplat/testing';
import {
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
  type CryptoKey,
} from 'jose';
import { ledgerWithAccounts, transferBody, type LedgerTarget } from '../src/ledger-client';
import {
  countRowsInPlacement,
  managerCall,
  provisionTenant,
  startPlatform,
  type Platform,
  type ProvisionedTenant,
} from '../src/platform';

/**
 * The multi-tenant contract end to end: a real tenant-manager provisions tenants, and the
 * built ledger, tracer and reporter serve them with JWTs from it.
 */
describe('multi-tenant platform (tenant-manager + ledger + tracer + reporter)', () => {
  let platform: Platform;
  let dedicated: ProvisionedTenant; // every service in DATABASE mode
  let schemaA: ProvisionedTenant; // every service in SCHEMA mode
  let schemaB: ProvisionedTenant;

  beforeAll(async () => {
    platform = await startPlatform();
    [dedicated, schemaA, schemaB] = await Promise.all([
      provisionTenant(platform, 'mt-db', 'DATABASE'),
      provisionTenant(platform, 'mt-sa', 'SCHEMA'),
      provisionTenant(platform, 'mt-sb', 'SCHEMA'),
    ]);
  });

  afterAll(async () => {
    if (!platform) return;
    for (const tenant of [dedicated, schemaA, schemaB]) {
      if (tenant) await managerCall(platform, 'DELETE', `/v1/tenants/${tenant.id}`);
    }
    await platform.stop();
  });

  const call = (
    app: 'ledger' | 'tracer' | 'reporter',
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${platform[app].url}${path}`, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined && !(options.body instanceof FormData)
          ? { 'Content-Type': 'application/json' }
          : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : options.body instanceof FormData
            ? options.body
            : JSON.stringify(options.body),
    });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of three APIs
  const json = async (response: Response): Promise<{ status: number; body: any }> => ({
    status: response.status,
    body: await response.json(),
  });
  const idOf = (body: Record<string, string>): string => body.id ?? body.ruleId ?? body.templateId;

  const createOrganization = (
    tenant: ProvisionedTenant,
    legalName: string,
    headers?: Record<string, string>,
  ) =>
    call('ledger', 'POST', '/v1/organizations', {
      token: tenant.token,
      body: { legalName, legalDocument: '42' },
      headers,
    }).then(json);

  const createRule = (tenant: ProvisionedTenant, name: string) =>
    call('tracer', 'POST', '/v1/rules', {
      token: tenant.token,
      body: { name, expression: 'amount > 1000.0', action: 'REVIEW' },
    }).then(json);

  /**
   * A template over the tenant's ledger data: its fields are checked against the live schema
   * that the tenant's read-only ledger login sees (decision 0033).
   */
  const createTemplate = (
    tenant: ProvisionedTenant,
    description: string,
    template = '<p>{% for o in midaz_onboarding.organization %}{{ o.legal_name }};{% endfor %}</p>',
    outputFormat = 'html',
  ) => {
    const form = new FormData();
    form.append('template', new Blob([template]), 't.tpl');
    form.append('outputFormat', outputFormat);
    form.append('description', description);
    return call('reporter', 'POST', '/v1/templates', { token: tenant.token, body: form }).then(
      json,
    );
  };

  /** Generates a report and waits for it; the report's id, its template's and its file's text. */
  const generateReport = async (
    tenant: ProvisionedTenant,
    templateId: string,
    filters: unknown,
  ) => {
    const created = await json(
      await call('reporter', 'POST', '/v1/reports', {
        token: tenant.token,
        body: { templateId, filters },
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let i = 0; i < 300; i += 1) {
      const report = await json(
        await call('reporter', 'GET', `/v1/reports/${id}`, { token: tenant.token }),
      );
      if (report.body.status === 'Finished') {
        const file = await call('reporter', 'GET', `/v1/reports/${id}/download`, {
          token: tenant.token,
        });
        expect(file.status).toBe(200);
        return { id, text: await file.text() };
      }
      if (report.body.status === 'Error')
        throw new Error(`report of ${tenant.id} failed: ${JSON.stringify(report.body.metadata)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`report of ${tenant.id} still Processing`);
  };

  describe('isolation of each app resource', () => {
    it.each([
      ['ledger', '/v1/organizations'],
      ['tracer', '/v1/rules'],
      ['reporter', '/v1/templates'],
    ] as const)('%s: a resource of one tenant is 404 for the others', async (app, base) => {
      const created =
        app === 'ledger'
          ? await createOrganization(schemaA, 'Isolated Org')
          : app === 'tracer'
            ? await createRule(schemaA, `isolated-${randomUUID()}`)
            : await createTemplate(schemaA, 'isolated');
      expect(created.status).toBe(201);
      const id = idOf(created.body);
      expect((await call(app, 'GET', `${base}/${id}`, { token: schemaA.token })).status).toBe(200);
      for (const other of [schemaB, dedicated]) {
        const res = await json(await call(app, 'GET', `${base}/${id}`, { token: other.token }));
        expect(res.status).toBe(404);
        const list = await json(await call(app, 'GET', base, { token: other.token }));
        expect(list.status).toBe(200);
        expect(JSON.stringify(list.body)).not.toContain(id);
      }
    });

    it.each([
      [
        'ledger',
        'organization',
        () => createOrganization(dedicated, 'Placed Org'),
        () => createOrganization(schemaA, 'Placed Org'),
      ],
      [
        'tracer',
        'rules',
        () => createRule(dedicated, `placed-${randomUUID()}`),
        () => createRule(schemaA, `placed-${randomUUID()}`),
      ],
      [
        'reporter',
        'templates',
        () => createTemplate(dedicated, 'placed'),
        () => createTemplate(schemaA, 'placed'),
      ],
    ] as const)(
      '%s: rows land in the tenant’s own database or schema',
      async (service, table, inDedicated, inSchema) => {
        const a = await inDedicated();
        const b = await inSchema();
        expect([a.status, b.status]).toEqual([201, 201]);
        const dedicatedPlacement = dedicated.body.services[service];
        const schemaPlacement = schemaA.body.services[service];
        const otherSchema = schemaB.body.services[service];
        expect(dedicatedPlacement.isolationMode).toBe('DATABASE');
        expect(schemaPlacement).toMatchObject({
          isolationMode: 'SCHEMA',
          schema: expect.any(String),
        });

        expect(await countRowsInPlacement(dedicatedPlacement, table, idOf(a.body))).toBe(1);
        expect(await countRowsInPlacement(schemaPlacement, table, idOf(b.body))).toBe(1);
        // …and nowhere else.
        expect(await countRowsInPlacement(schemaPlacement, table, idOf(a.body))).toBe(0);
        expect(await countRowsInPlacement(otherSchema, table, idOf(b.body))).toBe(0);
        const sharedPublic = await adminQuery<{ n: string }>(
          `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1`,
          [table],
          schemaPlacement.database,
        );
        expect(sharedPublic[0].n).toBe('0');
      },
    );
  });

  describe('reports over ledger data, per tenant (read through its read-only ledger login)', () => {
    /** Per tenant: its organization, and a distinct funding so that sums tell tenants apart. */
    const built = new Map<string, { organizationId: string; expected: string }>();
    let reports: { tenant: ProvisionedTenant; id: string; templateId: string }[] = [];
    const all = () => [dedicated, schemaA, schemaB];

    beforeAll(async () => {
      // Funding of each account; then credited sum, count and balances after @alice pays 1.25.
      const fundings: Record<string, [string, string]> = {
        [dedicated.id]: ['11.00', '|3|23.25|@alice=9.75;@bob=12.25;'],
        [schemaA.id]: ['22.00', '|3|45.25|@alice=20.75;@bob=23.25;'],
        [schemaB.id]: ['33.00', '|3|67.25|@alice=31.75;@bob=34.25;'],
      };
      // Through the ledger API: an organization, a ledger, two funded accounts, one transfer.
      for (const tenant of all()) {
        const target: LedgerTarget = {
          label: tenant.id,
          url: platform.ledger.url,
          token: tenant.token,
          placement: tenant.body.services.ledger,
        };
        const [funding, expected] = fundings[tenant.id];
        const { base } = await ledgerWithAccounts(target, ['@alice', '@bob'], funding);
        const moved = await call('ledger', 'POST', `${base}/transactions/json`, {
          token: tenant.token,
          body: transferBody('@alice', '@bob', '1.25'),
        });
        expect(moved.status).toBe(201);
        built.set(tenant.id, { organizationId: base.split('/')[3], expected });
      }
    }, 120_000);

    it.each([
      ['DATABASE', 0],
      ['SCHEMA', 1],
      ['SCHEMA (the other tenant of the shared database)', 2],
    ] as const)(
      '%s: a report holds its tenant’s rows only, also when the filters name the others’ organizations',
      async (_mode, index) => {
        const tenant = all()[index];
        const everyOrganization = all().map((t) => built.get(t.id)?.organizationId);
        const template = await createTemplate(
          tenant,
          'ledger data',
          '{% for o in midaz_onboarding.organization %}{{ o.id }};{% endfor %}' +
            '|{% count_by midaz_transaction.operation if type == "CREDIT" %}' +
            '|{% sum_by midaz_transaction.operation by "amount" if type == "CREDIT" %}' +
            '|{% for b in midaz_transaction.balance|sort(false, false, "alias") %}{{ b.alias }}={{ b.available|floatformat:2 }};{% endfor %}',
          'txt',
        );
        expect(template.status).toBe(201);
        const report = await generateReport(tenant, template.body.id, {
          midaz_onboarding: { organization: { id: { in: everyOrganization } } },
          midaz_transaction: {
            operation: { organization_id: { in: everyOrganization } },
            balance: {
              organization_id: { in: everyOrganization },
              alias: { in: ['@alice', '@bob'] },
            },
          },
        });
        const own = built.get(tenant.id) as { organizationId: string; expected: string };
        // Two fundings and one transfer credit; @alice paid 1.25 to @bob.
        expect(report.text).toBe(`${own.organizationId};${own.expected}`);
        for (const other of all().filter((t) => t !== tenant))
          expect(report.text).not.toContain(built.get(other.id)?.organizationId);
        reports.push({ tenant, id: report.id, templateId: template.body.id });
      },
    );

    it('a report, its file and its template are 404 for every other tenant', async () => {
      expect(reports).toHaveLength(3);
      for (const { tenant, id, templateId } of reports) {
        for (const other of all().filter((t) => t !== tenant)) {
          for (const path of [
            `/v1/reports/${id}`,
            `/v1/reports/${id}/download`,
            `/v1/templates/${templateId}`,
          ]) {
            const res = await call('reporter', 'GET', path, { token: other.token });
            expect({ path, status: res.status }).toEqual({ path, status: 404 });
            await res.text();
          }
          const list = await json(
            await call('reporter', 'GET', '/v1/reports?limit=100', { token: other.token }),
          );
          expect(list.status).toBe(200);
          expect(JSON.stringify(list.body)).not.toContain(id);
          // Another tenant's template cannot be used to report either.
          const borrowed = await json(
            await call('reporter', 'POST', '/v1/reports', {
              token: other.token,
              body: { templateId, filters: {} },
            }),
          );
          expect(borrowed.status).toBe(404);
        }
      }
      reports = [];
    });
  });

  describe('tokens', () => {
    const organizations = (token?: string) => call('ledger', 'GET', '/v1/organizations', { token });

    async function managerSigningKey(): Promise<{ key: CryptoKey; kid: string }> {
      const [row] = await adminQuery<{ kid: string; private_jwk: JWK }>(
        'SELECT kid, private_jwk FROM signing_keys ORDER BY created_at DESC LIMIT 1',
        [],
        platform.controlPlane.name,
      );
      return { key: (await importJWK(row.private_jwk, 'RS256')) as CryptoKey, kid: row.kid };
    }

    it('should serve a valid token', async () => {
      expect((await organizations(schemaA.token)).status).toBe(200);
      const claims = decodeJwt(schemaA.token);
      expect(claims).toMatchObject({
        tenantId: schemaA.id,
        sub: expect.any(String),
        jti: expect.any(String),
      });
      expect(decodeProtectedHeader(schemaA.token).alg).toBe('RS256');
    });

    it('should answer 401 without a token', async () => {
      const res = await json(await organizations());
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('0041');
    });

    it('should answer 401 for alg none', async () => {
      const payload = Buffer.from(JSON.stringify({ ...decodeJwt(schemaA.token) })).toString(
        'base64url',
      );
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      expect((await organizations(`${header}.${payload}.`)).status).toBe(401);
    });

    it('should answer 401 for a token signed by a foreign RS256 key', async () => {
      const foreign = await generateKeyPair('RS256');
      const token = await new SignJWT({ tenantId: schemaA.id })
        .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(schemaA.token).kid! })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(foreign.privateKey);
      expect((await organizations(token)).status).toBe(401);
    });

    it('should answer 401 for a tampered payload', async () => {
      const [header, , signature] = schemaA.token.split('.');
      const payload = Buffer.from(
        JSON.stringify({ ...decodeJwt(schemaA.token), tenantId: schemaB.id }),
      ).toString('base64url');
      expect((await organizations(`${header}.${payload}.${signature}`)).status).toBe(401);
    });

    it('should answer 401 for an expired token and for one without tenantId', async () => {
      const { key, kid } = await managerSigningKey();
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ tenantId: schemaA.id })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt(now - 3600)
        .setExpirationTime(now - 60)
        .sign(key);
      expect((await organizations(expired)).status).toBe(401);
      const noTenant = await new SignJWT({ sub: 'someone' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
      const res = await json(await organizations(noTenant));
      expect(res.status).toBe(401);
      expect(res.body.message).toContain('tenantId');
      // The same key with a valid claim is accepted: the refusals above are about the claims.
      const good = await new SignJWT({ tenantId: schemaA.id })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
      expect((await organizations(good)).status).toBe(200);
    });

    it('should answer 401 on tracer and reporter too', async () => {
      expect((await call('tracer', 'GET', '/v1/rules')).status).toBe(401);
      expect((await call('reporter', 'GET', '/v1/templates')).status).toBe(401);
      expect((await call('tracer', 'GET', '/v1/rules', { token: 'not.a.jwt' })).status).toBe(401);
    });
  });

  describe('the tenant comes only from the token', () => {
    it('should ignore X-Tenant-Id headers, and tenantId in query or body', async () => {
      const created = await createOrganization(schemaA, 'Header Smuggling', {
        'X-Tenant-Id': schemaB.id,
      });
      expect(created.status).toBe(201);
      expect(
        await countRowsInPlacement(schemaA.body.services.ledger, 'organization', created.body.id),
      ).toBe(1);
      expect(
        await countRowsInPlacement(schemaB.body.services.ledger, 'organization', created.body.id),
      ).toBe(0);

      const viaQuery = await json(
        await call('ledger', 'GET', `/v1/organizations/${created.body.id}?tenantId=${schemaB.id}`, {
          token: schemaB.token,
          headers: { 'X-Tenant-Id': schemaA.id },
        }),
      );
      expect(viaQuery.status).toBe(404);

      const viaBody = await json(
        await call('ledger', 'POST', '/v1/organizations', {
          token: schemaB.token,
          body: { legalName: 'Body Smuggling', legalDocument: '1', tenantId: schemaA.id },
        }),
      );
      expect(viaBody.status).toBe(400);
      expect(viaBody.body.code).toBe('0053');
      const listA = await json(
        await call('ledger', 'GET', '/v1/organizations?limit=100', { token: schemaA.token }),
      );
      expect(JSON.stringify(listA.body)).not.toContain('Body Smuggling');
    });
  });

  describe('concurrency between SCHEMA tenants sharing one pool', () => {
    it('should keep 200 interleaved requests of two tenants apart', async () => {
      const tenants = [schemaA, schemaB];
      const marker = randomUUID().slice(0, 8);
      const listMarked = (tenant: ProvisionedTenant) =>
        call('ledger', 'GET', `/v1/organizations?legal_name=conc-${marker}&limit=100`, {
          token: tenant.token,
        });
      const requests = Array.from({ length: 200 }, (_, i) => {
        const tenant = tenants[i % 2];
        return i % 4 < 2
          ? createOrganization(tenant, `conc-${marker}-${tenant.id}-${i}`)
          : listMarked(tenant).then(json);
      });
      const results = await Promise.all(requests);
      results.forEach((result, i) => {
        const tenant = tenants[i % 2];
        const other = tenants[(i + 1) % 2];
        expect(result.status).toBe(i % 4 < 2 ? 201 : 200);
        const text = JSON.stringify(result.body);
        expect(text).not.toContain(other.id);
        if (i % 4 >= 2) {
          for (const item of result.body.items) expect(item.legalName).toContain(tenant.id);
        }
      });
      for (const tenant of tenants) {
        const list = await json(await listMarked(tenant));
        expect(list.body.items).toHaveLength(50);
        for (const item of list.body.items) expect(item.legalName).toContain(tenant.id);
      }
    });
  });

  describe('ledger money paths per tenant', () => {
    it('should treat the same idempotency key in two tenants as two keys', async () => {
      const targetOf = (tenant: ProvisionedTenant): LedgerTarget => ({
        label: tenant.id,
        url: platform.ledger.url,
        token: tenant.token,
        placement: tenant.body.services.ledger,
      });
      const answers: { status: number; replayed: string | null; body: { id: string } }[] = [];
      for (const tenant of [schemaA, dedicated]) {
        const target = targetOf(tenant);
        const { base } = await ledgerWithAccounts(target, ['@same-a', '@same-b'], '10');
        const res = await fetch(`${platform.ledger.url}${base}/transactions/json`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${tenant.token}`,
            'Content-Type': 'application/json',
            'X-Idempotency': 'shared-key',
          },
          body: JSON.stringify(transferBody('@same-a', '@same-b', '4')),
        });
        answers.push({
          status: res.status,
          replayed: res.headers.get('x-idempotency-replayed'),
          body: (await res.json()) as { id: string },
        });
      }
      expect(answers.map((a) => [a.status, a.replayed])).toEqual([
        [201, 'false'],
        [201, 'false'],
      ]);
      expect(answers[0].body.id).not.toBe(answers[1].body.id);
    });
  });

  describe('tenant lifecycle', () => {
    it('should cut a deleted tenant’s tokens off with 404 on every app', async () => {
      const doomed = await provisionTenant(platform, 'mt-del', 'SCHEMA');
      expect((await createOrganization(doomed, 'Soon Gone')).status).toBe(201);
      expect((await managerCall(platform, 'DELETE', `/v1/tenants/${doomed.id}`)).status).toBe(204);
      // Apps cache tenant settings for MULTI_TENANT_CACHE_TTL_SEC (1 s in this suite).
      await new Promise((r) => setTimeout(r, 1500));
      for (const [app, path] of [
        ['ledger', '/v1/organizations'],
        ['tracer', '/v1/rules'],
        ['reporter', '/v1/templates'],
      ] as const) {
        const res = await json(await call(app, 'GET', path, { token: doomed.token }));
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('0160');
      }
      const token = await fetch(`${platform.manager.url}/v1/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'x',
          client_secret: 'y',
        }),
      });
      expect(token.status).toBe(401);
    });

    it('should answer 403 for a suspended tenant and serve it again once reactivated', async () => {
      const paused = await provisionTenant(platform, 'mt-sus', 'SCHEMA');
      expect(
        (await call('ledger', 'GET', '/v1/organizations', { token: paused.token })).status,
      ).toBe(200);
      expect(
        (await managerCall(platform, 'PATCH', `/v1/tenants/${paused.id}`, { status: 'suspended' }))
          .status,
      ).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const refused = await json(
        await call('ledger', 'GET', '/v1/organizations', { token: paused.token }),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('0159');
      expect(
        (await managerCall(platform, 'PATCH', `/v1/tenants/${paused.id}`, { status: 'active' }))
          .status,
      ).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect(
        (await call('ledger', 'GET', '/v1/organizations', { token: paused.token })).status,
      ).toBe(200);
      await managerCall(platform, 'DELETE', `/v1/tenants/${paused.id}`);
    });
  });
});

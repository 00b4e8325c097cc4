import type { INestApplication } from '@nestjs/common';
import { adminQuery } from '@finplat/testing';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';
import request from 'supertest';
import {
  ADMIN_KEY,
  bootTenantManager,
  controlDatabaseUrl,
  dropDatabase,
  forceRemoveTenant,
  SharedInfrastructure,
  uniqueTenantId,
} from './support/tenant-manager.harness';

const TTL_SEC = 900;
const ISSUER = 'tenant-manager-e2e';

describe('tenant-manager: machine clients, access tokens and JWKS', () => {
  const control = controlDatabaseUrl();
  const infrastructure = new SharedInfrastructure();
  const T = uniqueTenantId('e2e-tok');
  const U = uniqueTenantId('e2e-tok2');
  const env = { DATABASE_URL: control.url, TOKEN_TTL_SEC: String(TTL_SEC), TOKEN_ISSUER: ISSUER };
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let client: { clientId: string; clientSecret: string };

  const boot = async () => {
    app = await bootTenantManager(env);
    http = request(app.getHttpServer());
  };
  const jwks = async (): Promise<JSONWebKeySet> =>
    (await http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
  const token = (body: Record<string, string>) => http.post('/v1/oauth/token').send(body);
  const verify = async (accessToken: string, keys: JSONWebKeySet) =>
    jwtVerify(accessToken, createLocalJWKSet(keys), { issuer: ISSUER, algorithms: ['RS256'] });

  beforeAll(async () => {
    await infrastructure.snapshot();
    await boot();
    for (const id of [T, U]) {
      await http
        .post('/v1/tenants')
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ id, name: `Tokens ${id}` })
        .expect(201);
    }
  });

  afterAll(async () => {
    try {
      for (const id of [T, U]) {
        await http
          ?.delete(`/v1/tenants/${id}`)
          .set('X-Admin-Key', ADMIN_KEY)
          .catch(() => undefined);
        await forceRemoveTenant(id);
      }
    } finally {
      await app?.close();
      await infrastructure.cleanUp(control.name);
      await dropDatabase(control.name);
    }
  }, 120_000);

  describe('clients', () => {
    it('should create machine credentials and show the secret once', async () => {
      const res = await http
        .post(`/v1/tenants/${T}/clients`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ name: 'billing-backend' })
        .expect(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        clientId: expect.any(String),
        clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      client = res.body;

      // Only a salted hash is stored.
      const [row] = await adminQuery<{ tenant_id: string; name: string; secret_hash: string }>(
        'SELECT tenant_id, name, secret_hash FROM clients WHERE client_id = $1',
        [client.clientId],
        control.name,
      );
      expect(row).toMatchObject({ tenant_id: T, name: 'billing-backend' });
      expect(row.secret_hash).toMatch(/^scrypt\$/);
      expect(row.secret_hash).not.toContain(client.clientSecret);
    });

    it('should refuse clients for unknown tenants, bad bodies and callers without the admin key', async () => {
      const missing = await http
        .post(`/v1/tenants/${uniqueTenantId('e2e-none')}/clients`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ name: 'x' })
        .expect(404);
      expect(missing.body.code).toBe('0160');
      expect(
        (
          await http
            .post(`/v1/tenants/${T}/clients`)
            .set('X-Admin-Key', ADMIN_KEY)
            .send({})
            .expect(400)
        ).body.code,
      ).toBe('0009');
      await http.post(`/v1/tenants/${T}/clients`).send({ name: 'x' }).expect(401);
      await http
        .post(`/v1/tenants/${T}/clients`)
        .set('X-Admin-Key', 'nope')
        .send({ name: 'x' })
        .expect(401);
    });
  });

  describe('JWKS', () => {
    it('should publish the public RS256 key, with kid, alg and use, and nothing private', async () => {
      const res = await http.get('/.well-known/jwks.json').expect(200);
      expect(res.headers['cache-control']).toContain('max-age');
      expect(res.body.keys).toHaveLength(1);
      const [key] = res.body.keys as JWK[];
      expect(key).toEqual({
        kty: 'RSA',
        n: expect.any(String),
        e: 'AQAB',
        kid: expect.any(String),
        alg: 'RS256',
        use: 'sig',
      });
    });
  });

  describe('token endpoint', () => {
    it('should issue an RS256 JWT (JSON body) that verifies with the JWKS and names the tenant', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: TTL_SEC,
      });

      const keys = await jwks();
      const header = decodeProtectedHeader(res.body.access_token);
      expect(header).toMatchObject({ alg: 'RS256', kid: keys.keys[0].kid });
      const { payload } = await verify(res.body.access_token, keys);
      expect(payload).toEqual({
        sub: client.clientId,
        tenantId: T,
        iss: ISSUER,
        iat: expect.any(Number),
        exp: expect.any(Number),
        jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(payload.iat).toBeGreaterThanOrEqual(before);
      expect(payload.exp! - payload.iat!).toBe(TTL_SEC);
    });

    it('should accept the OAuth form encoding and HTTP Basic client authentication', async () => {
      const form = await http
        .post('/v1/oauth/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        })
        .expect(200);
      expect((await verify(form.body.access_token, await jwks())).payload.tenantId).toBe(T);

      const basic = await http
        .post('/v1/oauth/token')
        .type('form')
        .auth(client.clientId, client.clientSecret)
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      const { payload } = await verify(basic.body.access_token, await jwks());
      expect(payload).toMatchObject({ sub: client.clientId, tenantId: T });
      // Every token is distinct.
      expect(payload.jti).not.toBe(
        (await verify(form.body.access_token, await jwks())).payload.jti,
      );
    });

    it('should answer 401 invalid_client for a wrong secret, an unknown client or missing credentials', async () => {
      const attempts: Record<string, string>[] = [
        {
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: `${client.clientSecret}x`,
        },
        { grant_type: 'client_credentials', client_id: client.clientId, client_secret: '' },
        {
          grant_type: 'client_credentials',
          client_id: 'not-a-client',
          client_secret: client.clientSecret,
        },
        { grant_type: 'client_credentials', client_id: client.clientId },
        { grant_type: 'client_credentials' },
      ];
      for (const body of attempts) {
        const res = await token(body).expect(401);
        expect(res.body).toMatchObject({
          error: 'invalid_client',
          code: 'TM-0009',
          title: 'Invalid Client',
        });
        expect(res.body).not.toHaveProperty('access_token');
        expect(res.headers['www-authenticate']).toContain('Basic');
      }
      await http
        .post('/v1/oauth/token')
        .auth(client.clientId, 'wrong-secret')
        .send({ grant_type: 'client_credentials' })
        .expect(401);
    });

    it('should answer 400 to other grant types and malformed requests', async () => {
      const password = await token({
        grant_type: 'password',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(password.status).toBe(400);
      expect(password.body).toMatchObject({ error: 'unsupported_grant_type', code: 'TM-0010' });
      const missing = await token({
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).expect(400);
      expect(missing.body).toMatchObject({ error: 'invalid_request', code: 'TM-0011' });
      const both = await http
        .post('/v1/oauth/token')
        .auth(client.clientId, client.clientSecret)
        .send({ grant_type: 'client_credentials', client_secret: client.clientSecret })
        .expect(400);
      expect(both.body.error).toBe('invalid_request');
      const nonString = await http
        .post('/v1/oauth/token')
        .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 123 })
        .expect(400);
      expect(nonString.body.code).toBe('TM-0011');
    });

    it('should refuse tokens while the tenant is suspended, and issue them again once reactivated', async () => {
      const credentials = {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      };
      await http
        .patch(`/v1/tenants/${T}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ status: 'suspended' })
        .expect(200);
      const refused = await token(credentials).expect(403);
      expect(refused.body).toMatchObject({ error: 'unauthorized_client', code: '0159' });
      await http
        .patch(`/v1/tenants/${T}`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ status: 'active' })
        .expect(200);
      await token(credentials).expect(200);
    });

    it("should bind each client to its own tenant's id", async () => {
      const other = await http
        .post(`/v1/tenants/${U}/clients`)
        .set('X-Admin-Key', ADMIN_KEY)
        .send({ name: 'u' })
        .expect(201);
      const res = await token({
        grant_type: 'client_credentials',
        client_id: other.body.clientId,
        client_secret: other.body.clientSecret,
      }).expect(200);
      expect((await verify(res.body.access_token, await jwks())).payload.tenantId).toBe(U);
      // U's secret does not open T's client.
      await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: other.body.clientSecret,
      }).expect(401);
    });

    it('should sign with a key that a forged token cannot imitate', async () => {
      const keys = await jwks();
      // Same kid, same claims, but signed by an attacker's own key: verification must fail.
      const attacker = await generateKeyPair('RS256');
      const forged = await new SignJWT({ tenantId: U })
        .setProtectedHeader({ alg: 'RS256', kid: keys.keys[0].kid })
        .setSubject(client.clientId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(attacker.privateKey);
      await expect(verify(forged, keys)).rejects.toMatchObject({
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      });
    });
  });

  describe('restart', () => {
    it('should keep its signing key and clients: an old token verifies with the new JWKS', async () => {
      const before = await jwks();
      const issued = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).expect(200);

      await app.close();
      await boot();

      const after = await jwks();
      expect(after).toEqual(before);
      const { payload } = await verify(issued.body.access_token, after);
      expect(payload).toMatchObject({ sub: client.clientId, tenantId: T });

      // The client created before the restart still authenticates; the new token uses the same key.
      const again = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).expect(200);
      expect(decodeProtectedHeader(again.body.access_token).kid).toBe(before.keys[0].kid);

      const stored = await adminQuery('SELECT kid FROM signing_keys', [], control.name);
      expect(stored).toHaveLength(1);
    });
  });

  describe('several instances', () => {
    it('should migrate a fresh control plane once and agree on one signing key when started together', async () => {
      const fresh = controlDatabaseUrl();
      let instances: INestApplication[] = [];
      try {
        instances = await Promise.all(
          [0, 1, 2].map(() => bootTenantManager({ ...env, DATABASE_URL: fresh.url })),
        );
        const sets = await Promise.all(
          instances.map(
            async (instance) =>
              (await request(instance.getHttpServer()).get('/.well-known/jwks.json').expect(200))
                .body,
          ),
        );
        expect(sets[0].keys).toHaveLength(1);
        expect(sets[1]).toEqual(sets[0]);
        expect(sets[2]).toEqual(sets[0]);
        const migrations = await adminQuery('SELECT name FROM typeorm_migrations', [], fresh.name);
        // Each migration applied exactly once despite three instances racing.
        expect(migrations).toEqual([
          { name: 'CreateControlPlane1764500000000' },
          { name: 'TenantBackups1764900000000' },
          { name: 'TenantLifecycle1765300000000' },
          { name: 'ReadOnlyLogins1765700000000' },
        ]);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
        await dropDatabase(fresh.name);
      }
    });
  });

  describe('deleted tenant', () => {
    it("should stop issuing tokens for a deleted tenant's clients", async () => {
      await http.delete(`/v1/tenants/${T}`).set('X-Admin-Key', ADMIN_KEY).expect(204);
      const res = await token({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).expect(401);
      expect(res.body.error).toBe('invalid_client');
      const rows = await adminQuery(
        'SELECT 1 FROM clients WHERE client_id = $1',
        [client.clientId],
        control.name,
      );
      expect(rows).toHaveLength(0);
    });
  });
});

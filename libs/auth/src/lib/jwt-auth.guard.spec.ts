import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, INestApplication, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DomainExceptionFilter } from '@finplat/platform';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import request from 'supertest';
import type { AuthOptions } from './auth.config';
import { AuthModule } from './auth.module';
import { JwtAuthGuard } from './jwt-auth.guard';

@Controller()
@UseGuards(JwtAuthGuard)
class ProbeController {
  @Get('v1/probe')
  probe(): { ok: true } {
    return { ok: true };
  }

  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }
}

async function bootWith(options: AuthOptions): Promise<INestApplication> {
  @Module({ imports: [AuthModule.forRoot(options)], controllers: [ProbeController] })
  class ProbeModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new DomainExceptionFilter());
  await app.init();
  return app;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JwtAuthGuard', () => {
  describe('with a JWKS (RS256/ES256)', () => {
    let jwksServer: Server;
    let app: INestApplication;
    let rsaKey: CryptoKey;
    let rsaPublicJwk: JWK;
    let ecKey: CryptoKey;
    const now = () => Math.floor(Date.now() / 1000);

    const sign = (
      claims: Record<string, unknown>,
      key: CryptoKey = rsaKey,
      kid = 'rsa-1',
      alg = 'RS256',
    ) =>
      new SignJWT({ tenantId: 'acme', ...claims })
        .setProtectedHeader({ alg, kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .setIssuer('issuer-a')
        .setAudience('platform')
        .sign(key);

    beforeAll(async () => {
      const rsa = await generateKeyPair('RS256', { extractable: true });
      const ec = await generateKeyPair('ES256', { extractable: true });
      rsaKey = rsa.privateKey;
      ecKey = ec.privateKey;
      rsaPublicJwk = {
        ...(await exportJWK(rsa.publicKey)),
        kid: 'rsa-1',
        alg: 'RS256',
        use: 'sig',
      };
      const ecPublic = {
        ...(await exportJWK(ec.publicKey)),
        kid: 'ec-1',
        alg: 'ES256',
        use: 'sig',
      };
      jwksServer = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [rsaPublicJwk, ecPublic] }));
      });
      await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
      const { port } = jwksServer.address() as AddressInfo;
      app = await bootWith({
        enabled: true,
        jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
        issuer: 'issuer-a',
        audience: 'platform',
      });
    });

    afterAll(async () => {
      await app?.close();
      await new Promise((resolve) => jwksServer.close(resolve));
    });

    const probe = (token?: string) => {
      const req = request(app.getHttpServer()).get('/v1/probe');
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };

    it('should accept a valid RS256 token and a valid ES256 token', async () => {
      await probe(await sign({})).expect(200, { ok: true });
      await probe(await sign({}, ecKey, 'ec-1', 'ES256')).expect(200);
    });

    it('should leave routes outside /v1 public', async () => {
      await request(app.getHttpServer()).get('/public').expect(200);
    });

    it('should answer a missing token with 401 0041', async () => {
      const res = await probe().expect(401);
      expect(res.body.code).toBe('0041');
    });

    it('should reject alg "none" with 401 0042', async () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
        tenantId: 'acme',
        exp: now() + 300,
        iss: 'issuer-a',
        aud: 'platform',
      })}.`;
      expect((await probe(unsigned).expect(401)).body.code).toBe('0042');
    });

    it('should reject a token signed by a foreign key with the same kid', async () => {
      const foreign = await generateKeyPair('RS256');
      await probe(await sign({}, foreign.privateKey)).expect(401);
    });

    it('should reject an unknown kid', async () => {
      const foreign = await generateKeyPair('RS256');
      await probe(await sign({}, foreign.privateKey, 'unknown-kid')).expect(401);
    });

    it('should reject HS256 signed with the public key (algorithm confusion)', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(rsaPublicJwk));
      const confused = await new SignJWT({ tenantId: 'acme' })
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
        .setExpirationTime('5m')
        .setIssuer('issuer-a')
        .setAudience('platform')
        .sign(secret);
      await probe(confused).expect(401);
    });

    it('should reject a tampered payload, even of a token accepted a moment before', async () => {
      const token = await sign({});
      await probe(token).expect(200);
      const [header, , signature] = token.split('.');
      const tampered = `${header}.${base64url({
        tenantId: 'other',
        exp: now() + 300,
        iss: 'issuer-a',
        aud: 'platform',
      })}.${signature}`;
      await probe(tampered).expect(401);
      await probe(`${token.slice(0, -2)}AA`).expect(401); // same payload, another signature
      await probe(token).expect(200);
    });

    it('should reject expired tokens, wrong issuer and wrong audience', async () => {
      const expired = await new SignJWT({ tenantId: 'acme' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setIssuedAt(now() - 600)
        .setExpirationTime(now() - 60)
        .setIssuer('issuer-a')
        .setAudience('platform')
        .sign(rsaKey);
      expect((await probe(expired).expect(401)).body.message).toContain('expired');
      const wrongIssuer = await new SignJWT({ tenantId: 'acme' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setExpirationTime('5m')
        .setIssuer('someone-else')
        .setAudience('platform')
        .sign(rsaKey);
      await probe(wrongIssuer).expect(401);
      const wrongAudience = await new SignJWT({ tenantId: 'acme' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setExpirationTime('5m')
        .setIssuer('issuer-a')
        .setAudience('elsewhere')
        .sign(rsaKey);
      await probe(wrongAudience).expect(401);
    });

    it('should reject a token without exp', async () => {
      const noExp = await new SignJWT({ tenantId: 'acme' })
        .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
        .setIssuer('issuer-a')
        .setAudience('platform')
        .sign(rsaKey);
      await probe(noExp).expect(401);
    });
  });

  describe('with an HS256 secret', () => {
    const secret = 's'.repeat(40);
    let app: INestApplication;

    beforeAll(async () => {
      app = await bootWith({ enabled: true, secret });
    });
    afterAll(() => app?.close());

    it('should accept HS256 with the secret and refuse another secret or RS256', async () => {
      const key = new TextEncoder().encode(secret);
      const good = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('1m')
        .sign(key);
      await request(app.getHttpServer())
        .get('/v1/probe')
        .set('Authorization', `Bearer ${good}`)
        .expect(200);
      const bad = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode('x'.repeat(40)));
      await request(app.getHttpServer())
        .get('/v1/probe')
        .set('Authorization', `Bearer ${bad}`)
        .expect(401);
      const rsa = await generateKeyPair('RS256');
      const rs = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setExpirationTime('1m')
        .sign(rsa.privateKey);
      await request(app.getHttpServer())
        .get('/v1/probe')
        .set('Authorization', `Bearer ${rs}`)
        .expect(401);
    });
  });

  describe('when disabled', () => {
    it('should let requests through without a token', async () => {
      const app = await bootWith({ enabled: false });
      await request(app.getHttpServer()).get('/v1/probe').expect(200);
      await app.close();
    });
  });
});

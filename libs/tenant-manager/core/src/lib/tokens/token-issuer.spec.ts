import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import { TokenIssuer, type ActiveSigningKey } from './token-issuer';

describe('TokenIssuer', () => {
  let key: ActiveSigningKey;
  let jwks: JSONWebKeySet;
  let otherJwks: JSONWebKeySet;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    key = { kid, privateKey: pair.privateKey };
    jwks = { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] };
    const other = await generateKeyPair('RS256', { extractable: true });
    otherJwks = {
      keys: [{ ...(await exportJWK(other.publicKey)), kid, alg: 'RS256', use: 'sig' }],
    };
  });

  const issuer = (ttlSec = 3600) =>
    new TokenIssuer({ issuer: 'tenant-manager', ttlSec }, () => key);

  it('should sign an RS256 JWT with the key id and the platform claims', async () => {
    const now = Date.now();
    const issued = await issuer().issue({ clientId: 'client-1', tenantId: 'acme' }, now);
    expect(issued.expiresIn).toBe(3600);

    const header = decodeProtectedHeader(issued.accessToken);
    expect(header).toEqual({ alg: 'RS256', kid: key.kid, typ: 'JWT' });

    const { payload } = await jwtVerify(issued.accessToken, createLocalJWKSet(jwks), {
      issuer: 'tenant-manager',
      algorithms: ['RS256'],
    });
    const iat = Math.floor(now / 1000);
    expect(payload).toEqual({
      sub: 'client-1',
      tenantId: 'acme',
      iss: 'tenant-manager',
      iat,
      exp: iat + 3600,
      jti: issued.jti,
    });
    expect(issued.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should give every token its own jti', async () => {
    const a = await issuer().issue({ clientId: 'c', tenantId: 'acme' });
    const b = await issuer().issue({ clientId: 'c', tenantId: 'acme' });
    expect(a.jti).not.toBe(b.jti);
  });

  it('should honour the configured lifetime (expired tokens fail verification)', async () => {
    const issued = await issuer(60).issue(
      { clientId: 'c', tenantId: 'acme' },
      Date.now() - 120_000,
    );
    await expect(jwtVerify(issued.accessToken, createLocalJWKSet(jwks))).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it('should not verify against another key with the same kid', async () => {
    const issued = await issuer().issue({ clientId: 'c', tenantId: 'acme' });
    await expect(jwtVerify(issued.accessToken, createLocalJWKSet(otherJwks))).rejects.toMatchObject(
      {
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      },
    );
  });
});

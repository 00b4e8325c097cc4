import { randomUUID } from 'node:crypto';
import { type CryptoKey, type KeyObject, SignJWT } from 'jose';

export const TOKEN_ALGORITHM = 'RS256';

export interface ActiveSigningKey {
  kid: string;
  privateKey: CryptoKey | KeyObject;
}

export interface TokenSubject {
  clientId: string;
  tenantId: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  jti: string;
}

export interface TokenIssuerOptions {
  issuer: string;
  ttlSec: number;
}

/**
 * Signs access tokens: RS256, `kid` in the header so verifiers pick the key from the JWKS,
 * and the claims the platform relies on (`tenantId` is the only source of a request's tenant).
 */
export class TokenIssuer {
  constructor(
    private readonly options: TokenIssuerOptions,
    private readonly signingKey: () => ActiveSigningKey,
  ) {}

  async issue(subject: TokenSubject, nowMs = Date.now()): Promise<IssuedToken> {
    const { kid, privateKey } = this.signingKey();
    const iat = Math.floor(nowMs / 1000);
    const jti = randomUUID();
    const accessToken = await new SignJWT({ tenantId: subject.tenantId })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(subject.clientId)
      .setIssuer(this.options.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.options.ttlSec)
      .setJti(jti)
      .sign(privateKey);
    return { accessToken, expiresIn: this.options.ttlSec, jti };
  }
}

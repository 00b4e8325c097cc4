import { KeyObject, createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader } from 'jose';
import type { Algorithm } from 'jsonwebtoken';
import type { AuthOptions } from './auth.config';

export type VerificationKey = KeyObject;

/** Algorithms accepted per verification source: pinned, so HS/RS confusion cannot happen. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'] as const;
export const SYMMETRIC_ALGORITHMS = ['HS256'] as const;

export function allowedAlgorithms(options: AuthOptions): Algorithm[] {
  return options.secret ? [...SYMMETRIC_ALGORITHMS] : [...ASYMMETRIC_ALGORITHMS];
}

/**
 * Finds the key that must have signed a token: the shared secret, or the JWKS key whose
 * `kid` the token names (jose caches the set and refetches it once for an unknown kid).
 */
export class VerificationKeyResolver {
  private readonly secretKey?: KeyObject;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(options: AuthOptions) {
    if (options.secret) {
      this.secretKey = createSecretKey(Buffer.from(options.secret, 'utf8'));
    } else if (options.jwksUrl) {
      this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: 30_000,
        timeoutDuration: 5_000,
      });
    }
  }

  async resolve(rawToken: string): Promise<VerificationKey> {
    if (this.secretKey) return this.secretKey;
    if (!this.jwks) throw new Error('no verification key configured');
    const header = decodeProtectedHeader(rawToken);
    if (!header.alg || !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(header.alg)) {
      throw new Error(`algorithm ${String(header.alg)} is not accepted`);
    }
    const key = await this.jwks(header, { payload: '', signature: '' });
    return key instanceof KeyObject
      ? key
      : KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
  }
}

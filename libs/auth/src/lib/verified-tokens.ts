import { LRUCache } from 'lru-cache';
import type { TokenClaims } from './jwt.strategy';

/** How long a verified token is taken on trust before its signature is checked again. */
export const VERIFIED_TOKEN_TTL_MS = 60_000;

/**
 * Tokens whose signature, algorithm, issuer, audience and expiry were checked, by their exact
 * text: a client reuses one token for many requests, and checking an RS256 signature on each
 * was a tenth of the ledger's time per request. A token differing in any byte (another
 * signature, a tampered payload) is a different key, so it is verified from scratch. An
 * entry lives until the token expires or VERIFIED_TOKEN_TTL_MS, whichever comes first — the
 * longest a token keeps working after its key left the JWKS.
 */
export class VerifiedTokens {
  private readonly cache: LRUCache<string, { claims: TokenClaims; until: number }>;

  constructor(
    max = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LRUCache({ max });
  }

  get(token: string): TokenClaims | undefined {
    const entry = this.cache.get(token);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.cache.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  remember(token: string, claims: TokenClaims): void {
    if (typeof claims.exp !== 'number') return;
    const until = Math.min(claims.exp * 1000, this.now() + VERIFIED_TOKEN_TTL_MS);
    if (until > this.now()) this.cache.set(token, { claims, until });
  }
}

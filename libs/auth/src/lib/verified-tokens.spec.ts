import { VERIFIED_TOKEN_TTL_MS, VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  let clock = 1_000_000_000_000;
  const now = () => clock;
  const inSeconds = (s: number) => Math.floor((clock + s * 1000) / 1000);

  it('should remember a verified token by its exact text', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('a.b.c', { tenantId: 'acme', exp: inSeconds(300) });
    expect(tokens.get('a.b.c')).toMatchObject({ tenantId: 'acme' });
    expect(tokens.get('a.b.d')).toBeUndefined();
  });

  it('should forget a token when it expires, even inside the trust window', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('short', { exp: inSeconds(10) });
    clock += 9_000;
    expect(tokens.get('short')).toBeDefined();
    clock += 2_000;
    expect(tokens.get('short')).toBeUndefined();
  });

  it('should check a long-lived token again after the trust window', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('long', { exp: inSeconds(3600) });
    clock += VERIFIED_TOKEN_TTL_MS - 1;
    expect(tokens.get('long')).toBeDefined();
    clock += 2;
    expect(tokens.get('long')).toBeUndefined();
  });

  it('should not remember tokens without exp or already expired', () => {
    const tokens = new VerifiedTokens(10, now);
    tokens.remember('no-exp', {});
    tokens.remember('stale', { exp: inSeconds(-1) });
    expect(tokens.get('no-exp')).toBeUndefined();
    expect(tokens.get('stale')).toBeUndefined();
  });
});

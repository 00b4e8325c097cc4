import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';

describe('client secrets', () => {
  it('should generate long random url-safe secrets', () => {
    const a = generateClientSecret();
    const b = generateClientSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('should verify the right secret and reject others', async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(secret);
    await expect(verifyClientSecret(secret, stored)).resolves.toBe(true);
    await expect(verifyClientSecret(`${secret}x`, stored)).resolves.toBe(false);
    await expect(verifyClientSecret('', stored)).resolves.toBe(false);
  });

  it('should salt every hash', async () => {
    const secret = generateClientSecret();
    expect(await hashClientSecret(secret)).not.toBe(await hashClientSecret(secret));
  });

  it('should reject malformed stored hashes instead of throwing', async () => {
    await expect(verifyClientSecret('x', 'plain-text')).resolves.toBe(false);
    await expect(verifyClientSecret('x', 'scrypt$16384$8$1$c2FsdA$c2hvcnQ')).resolves.toBe(false);
    await expect(verifyClientSecret('x', 'bcrypt$1$2$3$4$5')).resolves.toBe(false);
  });
});

import {
  randomBytes,
  scrypt as scryptCallback,
  type ScryptOptions,
  timingSafeEqual,
} from 'node:crypto';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** N=2^14, r=8, p=1: OWASP's floor for scrypt, ~30-50 ms per check here. */
const DEFAULT_PARAMS = { N: 16_384, r: 8, p: 1 };

function scrypt(secret: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      secret,
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** A fresh client secret: 32 random bytes, base64url (43 characters). */
export const generateClientSecret = (): string => randomBytes(32).toString('base64url');

/**
 * `scrypt$N$r$p$<salt>$<hash>` (base64url): the parameters travel with the hash, so they can
 * be raised later without invalidating existing secrets.
 */
export async function hashClientSecret(secret: string, params = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scrypt(secret, salt, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Constant-time check of a presented secret against a stored hash; false for malformed hashes. */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

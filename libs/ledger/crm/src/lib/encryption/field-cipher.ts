import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** AES-256-GCM: 32-byte keys, 12-byte random nonces, 16-byte tags. */
const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** `v<version>:<base64(nonce | ciphertext | tag)>`: the data-key version travels with the value. */
const SEALED = /^v(\d{1,9}):([A-Za-z0-9+/]+={0,2})$/;

/** Where a protected value belongs: bound into the ciphertext as associated data. */
export interface FieldScope {
  tenantId: string;
  organizationId: string;
  recordId: string;
  field: string;
}

/**
 * Why a sealed value could not be opened. `unknown-version` names a data key this
 * organization does not have (or no longer has enabled); `rejected` is a tag mismatch: the
 * value was tampered with, or was sealed for another tenant, organization, record or field.
 */
export class UnsealError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown-version' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'UnsealError';
  }
}

/** The associated data of a field: `tenant:{t}:org:{o}:record:{r}:field:{f}`. */
export const associatedDataOf = (scope: FieldScope): string =>
  `tenant:${scope.tenantId}:org:${scope.organizationId}:record:${scope.recordId}:field:${scope.field}`;

function aesGcmSeal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function aesGcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) {
    throw new UnsealError('malformed', 'sealed value too short');
  }
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new UnsealError('rejected', 'authentication failed');
  }
}

/** Encrypts one field value with the data key of `version`. */
export function sealField(key: Buffer, version: number, scope: FieldScope, value: string): string {
  const sealed = aesGcmSeal(key, Buffer.from(value, 'utf8'), associatedDataOf(scope));
  return `v${version}:${sealed.toString('base64')}`;
}

/** The data-key version a sealed value names, or undefined when it is not a sealed value. */
export function versionOfSealed(sealed: string): number | undefined {
  const match = SEALED.exec(sealed);
  return match ? Number(match[1]) : undefined;
}

/**
 * Decrypts a sealed field. Fails closed: a version without a key, a malformed value or a tag
 * that does not verify under this exact scope all throw; nothing is ever returned as is.
 */
export function openField(
  keyOf: (version: number) => Buffer | undefined,
  scope: FieldScope,
  sealed: string,
): string {
  const match = SEALED.exec(sealed);
  if (!match) throw new UnsealError('malformed', 'not a sealed value');
  const version = Number(match[1]);
  const key = keyOf(version);
  if (!key) throw new UnsealError('unknown-version', `no enabled data key v${version}`);
  return aesGcmOpen(key, Buffer.from(match[2], 'base64'), associatedDataOf(scope)).toString('utf8');
}

/**
 * The search token of a value: HMAC-SHA256 over `tenant:{t}:org:{o}:field:{f}:{value}` with the
 * organization's token key of one version, prefixed by that version. Equal values of one
 * field give equal tokens, so an equality filter is an index lookup, and no plaintext is kept.
 */
export function searchToken(
  key: Buffer,
  version: number,
  scope: Omit<FieldScope, 'recordId'>,
  value: string,
): string {
  const input = `tenant:${scope.tenantId}:org:${scope.organizationId}:field:${scope.field}:${value}`;
  return `v${version}:${createHmac('sha256', key).update(input, 'utf8').digest('base64url')}`;
}

/** A short public name of a key-encryption key, stored beside each key it wraps. */
export const kekIdOf = (kek: Buffer): string =>
  createHash('sha256').update(kek).digest('hex').slice(0, 16);

/** Encrypts a data key under a key-encryption key, bound to its owner and purpose. */
export function wrapKey(kek: Buffer, dataKey: Buffer, binding: string): Buffer {
  return aesGcmSeal(kek, dataKey, `wrap:${binding}`);
}

/** The data key `wrapKey` sealed; throws UnsealError when the KEK or binding differ. */
export function unwrapKey(kek: Buffer, wrapped: Buffer, binding: string): Buffer {
  return aesGcmOpen(kek, wrapped, `wrap:${binding}`);
}

/** A fresh random 256-bit key. */
export const newDataKey = (): Buffer => randomBytes(KEY_BYTES);

import {
  associatedDataOf,
  kekIdOf,
  newDataKey,
  openField,
  sealField,
  searchToken,
  unwrapKey,
  UnsealError,
  versionOfSealed,
  wrapKey,
} from './field-cipher';

describe('field cipher (AES-256-GCM with associated data, HMAC search tokens)', () => {
  const key = newDataKey();
  const scope = { tenantId: 't1', organizationId: 'o1', recordId: 'r1', field: 'document' };
  const keyOf = (version: number) => (version === 3 ? key : undefined);
  const reasonOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof UnsealError ? error.reason : 'other';
    }
    return 'opened';
  };

  it('should round-trip a value and never show the plaintext in the sealed form', () => {
    const sealed = sealField(key, 3, scope, '91315026015');
    expect(sealed).toMatch(/^v3:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('91315026015');
    expect(versionOfSealed(sealed)).toBe(3);
    expect(openField(keyOf, scope, sealed)).toBe('91315026015');
    // A fresh nonce every time: equal values do not give equal ciphertexts.
    expect(sealField(key, 3, scope, '91315026015')).not.toBe(sealed);
  });

  it.each([
    ['another tenant', { tenantId: 't2' }],
    ['another organization', { organizationId: 'o2' }],
    ['another record', { recordId: 'r2' }],
    ['another field', { field: 'name' }],
  ])('should refuse a ciphertext moved to %s', (_what, change) => {
    const sealed = sealField(key, 3, scope, 'Jane Doe');
    expect(reasonOf(() => openField(keyOf, { ...scope, ...change }, sealed))).toBe('rejected');
  });

  it('should fail closed on an unknown key version, a tampered value or a non-sealed text', () => {
    const sealed = sealField(key, 3, scope, 'Jane Doe');
    expect(reasonOf(() => openField(keyOf, scope, sealed.replace(/^v3:/, 'v4:')))).toBe(
      'unknown-version',
    );
    const body = Buffer.from(sealed.slice(3), 'base64');
    body[14] ^= 1;
    expect(reasonOf(() => openField(keyOf, scope, `v3:${body.toString('base64')}`))).toBe(
      'rejected',
    );
    expect(reasonOf(() => openField(keyOf, scope, 'Jane Doe'))).toBe('malformed');
    expect(reasonOf(() => openField(keyOf, scope, 'v3:AAAA'))).toBe('malformed');
  });

  it('should give equal tokens for equal values of one field and scope only', () => {
    const tokenScope = { tenantId: 't1', organizationId: 'o1', field: 'document' };
    const token = searchToken(key, 1, tokenScope, '123');
    expect(token).toBe(searchToken(key, 1, tokenScope, '123'));
    expect(token).toMatch(/^v1:/);
    expect(token).not.toContain('123');
    expect(searchToken(key, 1, tokenScope, '124')).not.toBe(token);
    expect(searchToken(key, 1, { ...tokenScope, tenantId: 't2' }, '123')).not.toBe(token);
    expect(searchToken(key, 1, { ...tokenScope, field: 'iban' }, '123')).not.toBe(token);
    expect(searchToken(newDataKey(), 1, tokenScope, '123')).not.toBe(token);
  });

  it('should wrap a data key so that only the same KEK and binding unwrap it', () => {
    const kek = newDataKey();
    const wrapped = wrapKey(kek, key, 'tenant:t1:org:o1:v1:aead');
    expect(unwrapKey(kek, wrapped, 'tenant:t1:org:o1:v1:aead').equals(key)).toBe(true);
    expect(() => unwrapKey(newDataKey(), wrapped, 'tenant:t1:org:o1:v1:aead')).toThrow(UnsealError);
    expect(() => unwrapKey(kek, wrapped, 'tenant:t2:org:o1:v1:aead')).toThrow(UnsealError);
    expect(kekIdOf(kek)).toMatch(/^[0-9a-f]{16}$/);
    expect(kekIdOf(kek)).toBe(kekIdOf(Buffer.from(kek)));
  });

  it('should bind tenant, organization, record and field in that order', () => {
    expect(associatedDataOf(scope)).toBe('tenant:t1:org:o1:record:r1:field:document');
  });
});

import { DomainError } from '@finplat/platform';
import {
  assertNewTenantId,
  generateTenantId,
  isValidTenantId,
  RESERVED_TENANT_IDS,
} from './tenant-id';

describe('tenant ids', () => {
  it('should generate ids that match the contract pattern and differ', () => {
    const ids = new Set(Array.from({ length: 200 }, generateTenantId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^t-[a-z0-9]{12}$/);
      expect(isValidTenantId(id)).toBe(true);
    }
  });

  it.each(['abc', 'acme-corp', '0tenant', 'a'.repeat(63), 'a--b'])('should accept %s', (id) => {
    expect(assertNewTenantId(id)).toBe(id);
  });

  it.each([
    'Acme',
    'ab',
    'a'.repeat(64),
    '-abc',
    'a"b"c',
    'ab;drop',
    'a.b.c',
    '..',
    '../etc',
    'a_b_c',
    'abc ',
    'ąbc',
    '',
  ])('should reject %j with TM-0001', (id) => {
    const error = captureError(() => assertNewTenantId(id));
    expect(error.code).toBe('TM-0001');
    expect(error.definition.kind).toBe('validation');
  });

  it.each([undefined, null, 42, ['abc'], { id: 'abc' }])(
    'should reject the non-string %j',
    (id) => {
      expect(captureError(() => assertNewTenantId(id)).code).toBe('TM-0001');
    },
  );

  it.each(RESERVED_TENANT_IDS)('should refuse the reserved id %s with TM-0002', (id) => {
    expect(captureError(() => assertNewTenantId(id)).code).toBe('TM-0002');
  });
});

function captureError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

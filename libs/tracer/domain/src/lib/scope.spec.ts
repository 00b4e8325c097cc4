import { DomainError } from '@finplat/platform';
import { anyScopeMatches, normalizeScopes, scopeMatches } from './scope';

describe('normalizeScopes', () => {
  it('should drop unset fields and lower-case ids and sub types', () => {
    expect(
      normalizeScopes([
        {
          accountId: '01890000-0000-7000-8000-00000000000A',
          subType: 'Debit',
          transactionType: 'PIX',
          merchantId: undefined,
        },
        { segmentId: '01890000-0000-7000-8000-00000000000B' },
      ]),
    ).toEqual([
      {
        accountId: '01890000-0000-7000-8000-00000000000a',
        subType: 'debit',
        transactionType: 'PIX',
      },
      { segmentId: '01890000-0000-7000-8000-00000000000b' },
    ]);
    expect(normalizeScopes(undefined)).toEqual([]);
  });

  it('should refuse an empty scope with 400 TRC-0111 naming its index', () => {
    expect.assertions(3);
    try {
      normalizeScopes([{ subType: 'x' }, { accountId: null as unknown as undefined }]);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('TRC-0111');
      expect((error as DomainError).details.fields).toEqual({
        'scopes.1': 'must set at least one field',
      });
    }
  });
});

describe('scope matching', () => {
  const facts = {
    accountId: 'a',
    segmentId: 's',
    transactionType: 'CARD' as const,
    subType: 'debit',
  };

  it('should AND the fields inside one scope', () => {
    expect(scopeMatches({ accountId: 'a', transactionType: 'CARD' }, facts)).toBe(true);
    expect(scopeMatches({ accountId: 'a', transactionType: 'PIX' }, facts)).toBe(false);
    expect(scopeMatches({ merchantId: 'm' }, facts)).toBe(false);
  });

  it('should OR the scopes of a list, and treat an empty list as global', () => {
    expect(anyScopeMatches([{ accountId: 'x' }, { segmentId: 's' }], facts)).toBe(true);
    expect(anyScopeMatches([{ accountId: 'x' }, { segmentId: 'y' }], facts)).toBe(false);
    expect(anyScopeMatches([], facts)).toBe(true);
  });
});

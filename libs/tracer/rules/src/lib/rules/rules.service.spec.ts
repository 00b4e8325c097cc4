import { DomainError } from '@finplat/platform';
import { normalizeScopes } from './rules.service';

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

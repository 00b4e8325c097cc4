import { DomainError } from '@finplat/platform';
import {
  externalAliasOf,
  isExternalAccount,
  newAccount,
  newExternalAccount,
  validateAlias,
} from './account-rules';

const errorOf = (fn: () => void): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('account alias rules', () => {
  it.each([
    '@person1',
    'treasury_checking',
    'a:b-c',
    '@@x',
    'ABC123',
    '0196f3a2-7d4e-7000-8000-000000000000',
  ])('should accept %s', (alias) => {
    expect(() => validateAlias(alias)).not.toThrow();
  });

  it.each(['has space', 'semi;colon', 'slash/here', 'dot.ted', 'ação', '', '#hash'])(
    'should refuse %j with 0096 naming the alias field',
    (alias) => {
      const error = errorOf(() => validateAlias(alias));
      expect(error.code).toBe('0096');
      expect(error.definition.kind).toBe('validation');
      expect(error.details.fields).toHaveProperty('alias');
    },
  );

  it.each(['@external/BRL', 'x@external/USD', '@external/'])(
    'should refuse the reserved prefix in %s with a 400 field error on alias, before the character rule',
    (alias) => {
      const error = errorOf(() => validateAlias(alias));
      expect(error.code).toBe('0047');
      expect(error.definition.kind).toBe('validation');
      expect(error.details.fields?.alias).toContain('@external/');
    },
  );

  it('should recognise external accounts by type or by the reserved alias prefix', () => {
    expect(isExternalAccount({ type: 'external', alias: 'x' })).toBe(true);
    expect(isExternalAccount({ type: 'deposit', alias: '@external/BRL' })).toBe(true);
    expect(isExternalAccount({ type: 'deposit', alias: '@external' })).toBe(false);
    expect(isExternalAccount({ type: 'externalish', alias: '@ext' })).toBe(false);
  });
});

describe('new accounts', () => {
  const base = { organizationId: 'org', ledgerId: 'ledger', assetCode: 'BRL', type: 'deposit' };

  it('should default the alias to the account id and the name to "<asset> <type> account"', () => {
    const account = newAccount(base);
    expect(account.alias).toBe(account.id);
    expect(account.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(account.name).toBe('BRL deposit account');
    expect(account).toMatchObject({
      blocked: false,
      status: 'ACTIVE',
      statusDescription: null,
      parentAccountId: null,
      portfolioId: null,
      segmentId: null,
      entityId: null,
      metadata: {},
      deletedAt: null,
    });
  });

  it('should keep the given alias, name and status', () => {
    const account = newAccount({
      ...base,
      alias: '@me',
      name: 'Mine',
      blocked: true,
      status: { code: 'INACTIVE', description: 'paused' },
    });
    expect(account).toMatchObject({
      alias: '@me',
      name: 'Mine',
      blocked: true,
      status: 'INACTIVE',
      statusDescription: 'paused',
    });
  });

  it('should open the external account of an asset as @external/<CODE> of type external', () => {
    const account = newExternalAccount('org', 'ledger', 'USD');
    expect(externalAliasOf('USD')).toBe('@external/USD');
    expect(account).toMatchObject({
      alias: '@external/USD',
      type: 'external',
      assetCode: 'USD',
      name: 'External USD',
      organizationId: 'org',
      ledgerId: 'ledger',
    });
    expect(isExternalAccount(account)).toBe(true);
  });
});

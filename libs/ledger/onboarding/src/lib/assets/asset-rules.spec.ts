import { DomainError } from '@finplat/platform';
import { ASSET_TYPES, isAssetType, validateAssetTypeAndCode } from './asset-rules';

const codeOf = (type: string, code: string): string | undefined => {
  try {
    validateAssetTypeAndCode(type, code);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe('asset type and code rules', () => {
  it('should know exactly the five Midaz asset types', () => {
    expect([...ASSET_TYPES].sort()).toEqual(['commodity', 'crypto', 'currency', 'fiat', 'others']);
    expect(isAssetType('currency')).toBe(true);
    expect(isAssetType('Currency')).toBe(false);
    expect(isAssetType('stock')).toBe(false);
  });

  it.each([
    ['currency', 'BRL'],
    ['fiat', 'USD'],
    ['crypto', 'BTC'],
    ['crypto', 'USDT'],
    ['commodity', 'GOLD'],
    ['others', 'MILES'],
  ])('should accept a %s asset with code %s', (type, code) => {
    expect(codeOf(type, code)).toBeUndefined();
  });

  it.each(['stock', 'CURRENCY', '', 'coin'])('should refuse the type %j with 0040', (type) => {
    expect(codeOf(type, 'BRL')).toBe('0040');
  });

  it('should check the type before the code', () => {
    expect(codeOf('stock', 'brl')).toBe('0040');
  });

  it.each(['brl', 'Brl', 'BRl', 'gold'])(
    'should refuse the lower-case code %s with 0004',
    (code) => {
      expect(codeOf('others', code)).toBe('0004');
    },
  );

  it.each(['BR1', 'US-D', 'B R', 'ÉUR', 'USD.'])(
    'should refuse %j, which is not letters only, with 0033',
    (code) => {
      expect(codeOf('others', code)).toBe('0033');
    },
  );

  it.each([
    ['currency', 'XYZ'],
    ['currency', 'ABCD'],
    ['fiat', 'QQQ'],
  ])('should refuse a %s code %s outside ISO 4217 with 0005', (type, code) => {
    expect(codeOf(type, code)).toBe('0005');
  });

  it('should not apply ISO 4217 to other types', () => {
    expect(codeOf('crypto', 'XYZ')).toBeUndefined();
    expect(codeOf('commodity', 'ABCD')).toBeUndefined();
  });

  it('should classify the failures as validation errors naming the field', () => {
    try {
      validateAssetTypeAndCode('currency', 'XYZ');
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const domain = error as DomainError;
      expect(domain.definition.kind).toBe('validation');
      expect(domain.details).toMatchObject({
        entityType: 'Asset',
        fields: { code: expect.any(String) },
      });
    }
  });
});

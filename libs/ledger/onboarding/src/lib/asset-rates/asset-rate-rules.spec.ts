import { DomainError } from '@finplat/platform';
import { parseRate } from './asset-rate-rules';
import { targetCodesOf } from './asset-rates.service';

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('asset rate values', () => {
  it('should take JSON numbers and decimal strings as canonical decimal text', () => {
    expect(parseRate(100)).toBe('100');
    expect(parseRate(5.25)).toBe('5.25');
    expect(parseRate(0.0001)).toBe('0.0001');
    expect(parseRate(1e21)).toBe('1000000000000000000000');
    expect(parseRate('5.2500')).toBe('5.25');
    expect(parseRate('0.000000000000000000000000000001')).toBe('0.000000000000000000000000000001');
  });

  it('should keep every digit of a long decimal string', () => {
    const digits = '123456789012345678901234567890.123456789012345678901234567';
    expect(parseRate(digits)).toBe(digits);
  });

  it.each([
    0,
    -1,
    '0',
    '0.000',
    '-5',
    '1e3',
    ' 5',
    '5.',
    '.5',
    '05',
    'abc',
    '',
    true,
    null,
    {},
    [5],
  ])('should refuse %j with 400 0047 naming rate', (value) => {
    const error = errorOf(() => parseRate(value));
    expect(error.code).toBe('0047');
    expect(error.details.fields).toHaveProperty('rate');
  });

  it('should refuse more than 60 digits', () => {
    expect(errorOf(() => parseRate('1'.repeat(61))).details.fields).toHaveProperty('rate');
    expect(parseRate('1'.repeat(60))).toBe('1'.repeat(60));
  });
});

describe('target codes of ?to=', () => {
  it('should split commas, accept repeats, trim, drop empties and duplicates', () => {
    expect(targetCodesOf(undefined)).toEqual([]);
    expect(targetCodesOf('BRL')).toEqual(['BRL']);
    expect(targetCodesOf('BRL,EUR')).toEqual(['BRL', 'EUR']);
    expect(targetCodesOf(['BRL', 'EUR, JPY', ',', 'BRL'])).toEqual(['BRL', 'EUR', 'JPY']);
  });
});

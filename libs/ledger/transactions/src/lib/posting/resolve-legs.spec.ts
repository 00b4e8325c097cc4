import fc from 'fast-check';
import { DomainError } from '@finplat/platform';
import { Money } from '@finplat/ledger-domain';
import { assertDisjointSides, resolveLegs, type LegInput } from './resolve-legs';

const sum = (legs: { amount: Money }[]) => legs.reduce((s, l) => s.plus(l.amount), new Money(0));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};

/** Decimal strings with up to 30 integer digits and 0–18 fractional digits. */
const amountText = fc
  .tuple(fc.bigInt({ min: 1n, max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }))
  .map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  })
  .filter((text) => new Money(text).gt(0));

describe('resolveLegs', () => {
  it('should resolve amount, share and remaining legs exactly (Midaz example)', () => {
    const legs: LegInput[] = [
      { accountAlias: '@alice', amount: { asset: 'USD', value: '60.00' } },
      { accountAlias: '@bob', share: { percentage: 50, percentageOfPercentage: 50 } },
      { accountAlias: '@carol', remaining: 'remaining' },
    ];
    const resolved = resolveLegs(new Money('100.00'), 'USD', legs, 'source');
    expect(resolved.map((l) => [l.accountAlias, l.amount.toFixed()])).toEqual([
      ['@alice', '60'],
      ['@bob', '25'],
      ['@carol', '15'],
    ]);
  });

  it('should refuse legs that do not add up with 0073', () => {
    const legs: LegInput[] = [{ accountAlias: '@a', amount: { value: '99.99' } }];
    expect(codeOf(() => resolveLegs(new Money(100), 'USD', legs, 'destination'))).toBe('0073');
  });

  it('should refuse a leg with two kinds or none with 0072, and a second remaining', () => {
    const total = new Money(10);
    expect(
      codeOf(() =>
        resolveLegs(
          total,
          'USD',
          [{ accountAlias: '@a', amount: { value: '10' }, remaining: 'x' }],
          'source',
        ),
      ),
    ).toBe('0072');
    expect(codeOf(() => resolveLegs(total, 'USD', [{ accountAlias: '@a' }], 'source'))).toBe(
      '0072',
    );
    expect(
      codeOf(() =>
        resolveLegs(
          total,
          'USD',
          [
            { accountAlias: '@a', remaining: 'r' },
            { accountAlias: '@b', remaining: 'r' },
          ],
          'source',
        ),
      ),
    ).toBe('0072');
  });

  it('should refuse non-positive amounts (0125), floats and foreign assets', () => {
    const total = new Money(10);
    expect(
      codeOf(() =>
        resolveLegs(total, 'USD', [{ accountAlias: '@a', amount: { value: '0' } }], 'source'),
      ),
    ).toBe('0125');
    expect(
      codeOf(() =>
        resolveLegs(total, 'USD', [{ accountAlias: '@a', amount: { value: 10.5 } }], 'source'),
      ),
    ).toBe('0072');
    expect(
      codeOf(() =>
        resolveLegs(
          total,
          'USD',
          [{ accountAlias: '@a', amount: { asset: 'EUR', value: '10' } }],
          'source',
        ),
      ),
    ).toBe('0072');
  });

  it('should refuse a remaining leg left with nothing (0073)', () => {
    const legs: LegInput[] = [
      { accountAlias: '@a', amount: { value: '10' } },
      { accountAlias: '@b', remaining: 'r' },
    ];
    expect(codeOf(() => resolveLegs(new Money(10), 'USD', legs, 'source'))).toBe('0073');
  });

  it('should refuse the same balance twice on one side and on both sides (0090)', () => {
    const legs: LegInput[] = [
      { accountAlias: '@a', amount: { value: '5' } },
      { accountAlias: '@a', amount: { value: '5' } },
    ];
    expect(codeOf(() => resolveLegs(new Money(10), 'USD', legs, 'source'))).toBe('0072');
    const src = resolveLegs(
      new Money(10),
      'USD',
      [{ accountAlias: '@a', amount: { value: '10' } }],
      'source',
    );
    const dst = resolveLegs(
      new Money(10),
      'USD',
      [{ accountAlias: '@a', amount: { value: '10' } }],
      'destination',
    );
    expect(codeOf(() => assertDisjointSides(src, dst))).toBe('0090');
    const otherKey = resolveLegs(
      new Money(10),
      'USD',
      [{ accountAlias: '@a', balanceKey: 'savings', amount: { value: '10' } }],
      'destination',
    );
    expect(() => assertDisjointSides(src, otherKey)).not.toThrow();
  });

  it('property: shares plus a remaining leg always add up to the total, to the last digit', () => {
    fc.assert(
      fc.property(
        amountText,
        fc.array(fc.integer({ min: 1, max: 9_999 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 100 }),
        (total, basisPoints, ofPct) => {
          const pcts = basisPoints.map((bp) => bp / 100); // 0.01 .. 99.99
          fc.pre(pcts.reduce((a, b) => a + b, 0) < 99.99);
          const legs: LegInput[] = [
            ...pcts.map((p, i) => ({
              accountAlias: `@s${i}`,
              share: { percentage: p, percentageOfPercentage: ofPct },
            })),
            { accountAlias: '@rest', remaining: 'remaining' },
          ];
          const resolved = resolveLegs(new Money(total), 'USD', legs, 'source');
          expect(sum(resolved).eq(new Money(total))).toBe(true);
          for (const leg of resolved) expect(leg.amount.gt(0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: explicit amounts are accepted exactly when they sum to the total', () => {
    fc.assert(
      fc.property(
        fc.array(amountText, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (amounts, tamper) => {
          const total = amounts.reduce((s, a) => s.plus(a), new Money(0));
          const claimed = tamper ? total.plus('0.000000000000000001') : total;
          const legs = amounts.map((value, i) => ({ accountAlias: `@d${i}`, amount: { value } }));
          const outcome = codeOf(() => resolveLegs(claimed, 'USD', legs, 'destination'));
          expect(outcome).toBe(tamper ? '0073' : undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: 100% in shares resolves to the total without a remaining leg', () => {
    fc.assert(
      fc.property(amountText, fc.integer({ min: 1, max: 99 }), (total, first) => {
        const legs: LegInput[] = [
          { accountAlias: '@a', share: { percentage: first } },
          { accountAlias: '@b', share: { percentage: 100 - first } },
        ];
        expect(
          sum(resolveLegs(new Money(total), 'USD', legs, 'destination')).eq(new Money(total)),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('should keep 30+ significant digits exact', () => {
    const value = '123456789012345678901234567890.123456789012345678';
    const [leg] = resolveLegs(
      new Money(value),
      'BTC',
      [{ accountAlias: '@a', amount: { value } }],
      'source',
    );
    expect(leg.amount.toFixed()).toBe(value);
  });
});

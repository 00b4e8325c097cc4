import fc from 'fast-check';
import { DomainError } from '@finplat/platform';
import { Money } from '@finplat/ledger-domain';
import type { FeeRecord } from '@finplat/ledger-database';
import type { ResolvedLeg } from '../posting/resolve-legs';
import { applyFees, choosePackage, computeFees, type FeePackageTerms } from './fee-engine';

const fee = (over: Partial<FeeRecord>): FeeRecord => ({
  feeLabel: 'Fee',
  calculationModel: { applicationRule: 'flatFee', calculations: [{ type: 'flat', value: '1' }] },
  referenceAmount: 'originalAmount',
  priority: 1,
  isDeductibleFrom: false,
  creditAccount: '@fees',
  ...over,
});

const pkg = (over: Partial<FeePackageTerms> = {}): FeePackageTerms => ({
  id: 'p1',
  feeGroupLabel: 'Standard',
  segmentId: null,
  transactionRoute: null,
  minimumAmount: new Money(0),
  maximumAmount: new Money(1000),
  waivedAccounts: [],
  fees: { flat: fee({}) },
  createdAt: new Date('2026-01-01'),
  ...over,
});

const leg = (side: ResolvedLeg['side'], alias: string, amount: string): ResolvedLeg => ({
  side,
  accountAlias: alias,
  balanceKey: 'default',
  amount: new Money(amount),
});

const transfer = (value: string) => ({
  total: new Money(value),
  legs: [leg('source', '@alice', value), leg('destination', '@bob', value)],
});

const sum = (legs: ResolvedLeg[], side: ResolvedLeg['side']) =>
  legs.filter((l) => l.side === side).reduce((s, l) => s.plus(l.amount), new Money(0));

describe('fee engine', () => {
  it('should compute percentages exactly and take the larger of maxBetweenTypes', () => {
    const fees = computeFees(
      {
        fees: {
          pct: fee({
            priority: 1,
            calculationModel: {
              applicationRule: 'percentual',
              calculations: [{ type: 'percentage', value: '1.5' }],
            },
          }),
          max: fee({
            priority: 2,
            referenceAmount: 'afterFeesAmount',
            calculationModel: {
              applicationRule: 'maxBetweenTypes',
              calculations: [
                { type: 'flat', value: '0.10' },
                { type: 'percentage', value: '0.1' },
              ],
            },
          }),
        },
      },
      new Money('333.33'),
    );
    // 1.5 % of 333.33, then max(0.10, 0.1 % of (333.33 − 4.99995)).
    expect(fees.map((f) => `${f.name} ${f.amount.toFixed()}`)).toEqual([
      'pct 4.99995',
      'max 0.32833005',
    ]);
  });

  it('should add a non-deductible fee as a second debit of the payer and keep both sides equal', () => {
    const out = applyFees(pkg(), transfer('100'));
    expect(out.total.toFixed()).toBe('101');
    expect(out.legs.map((l) => `${l.side} ${l.accountAlias} ${l.amount.toFixed()}`)).toEqual([
      'source @alice 100',
      'source @alice 1',
      'destination @bob 100',
      'destination @fees 1',
    ]);
    expect(sum(out.legs, 'source').eq(sum(out.legs, 'destination'))).toBe(true);
  });

  it('should take a deductible fee off the first destination', () => {
    const out = applyFees(pkg({ fees: { d: fee({ isDeductibleFrom: true }) } }), transfer('100'));
    expect(out.total.toFixed()).toBe('100');
    expect(out.legs.map((l) => `${l.accountAlias} ${l.amount.toFixed()}`)).toEqual([
      '@alice 100',
      '@bob 99',
      '@fees 1',
    ]);
    expect(() =>
      applyFees(pkg({ fees: { d: fee({ isDeductibleFrom: true }) } }), transfer('1')),
    ).toThrow(expect.objectContaining({ code: '0184' }));
  });

  it('should waive the package for a waived source and choose the most specific match', () => {
    expect(applyFees(pkg({ waivedAccounts: ['@alice'] }), transfer('10'))).toMatchObject({
      waived: true,
      fees: [],
    });
    const broad = pkg({ id: 'broad' });
    const routed = pkg({ id: 'routed', transactionRoute: 'r1', createdAt: new Date('2026-06-01') });
    const tiny = pkg({ id: 'tiny', maximumAmount: new Money(5) });
    const subject = { ...transfer('10'), routeId: 'r1' };
    expect(choosePackage([broad, routed, tiny], subject, () => null)?.id).toBe('routed');
    expect(choosePackage([broad, tiny], transfer('10'), () => null)?.id).toBe('broad');
    const segmented = pkg({ id: 'seg', segmentId: 's1' });
    expect(choosePackage([segmented], transfer('10'), () => 's2')).toBeUndefined();
    expect(choosePackage([segmented], transfer('10'), () => 's1')?.id).toBe('seg');
  });

  it('should conserve money for any package and transfer: Σ sources = Σ destinations, exactly', () => {
    const decimal = (max: number) =>
      fc
        .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 9999 }))
        .map(([units, frac]) => `${units}.${String(frac).padStart(4, '0')}`);
    const feeArb = fc.record({
      kind: fc.constantFrom('flat', 'percentage', 'max'),
      flat: decimal(20),
      pct: decimal(30),
      deductible: fc.boolean(),
      afterFees: fc.boolean(),
    });
    const legsArb = fc.array(decimal(500), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(feeArb, { minLength: 1, maxLength: 4 }),
        legsArb,
        legsArb,
        (fees, sourceAmounts, destinationShares) => {
          const total = sourceAmounts.reduce((s, a) => s.plus(a), new Money(0));
          fc.pre(total.gt(0));
          // Destinations split the same total: all but the last as drawn (capped), the rest last.
          const legs: ResolvedLeg[] = sourceAmounts
            .map((a, i) => leg('source', `@s${i}`, a))
            .filter((l) => l.amount.gt(0));
          let left = total;
          destinationShares.slice(0, -1).forEach((a, i) => {
            const amount = Money.min(new Money(a), left.div(2));
            if (amount.gt(0)) {
              legs.push(leg('destination', `@d${i}`, amount.toFixed()));
              left = left.minus(amount);
            }
          });
          legs.push(leg('destination', '@dlast', left.toFixed()));
          const terms = pkg({
            fees: Object.fromEntries(
              fees.map((f, i) => [
                `f${i}`,
                fee({
                  priority: i + 1,
                  isDeductibleFrom: f.deductible,
                  referenceAmount: f.afterFees ? 'afterFeesAmount' : 'originalAmount',
                  creditAccount: `@fee${i % 2}`,
                  calculationModel:
                    f.kind === 'flat'
                      ? {
                          applicationRule: 'flatFee',
                          calculations: [{ type: 'flat', value: f.flat }],
                        }
                      : f.kind === 'percentage'
                        ? {
                            applicationRule: 'percentual',
                            calculations: [{ type: 'percentage', value: f.pct }],
                          }
                        : {
                            applicationRule: 'maxBetweenTypes',
                            calculations: [
                              { type: 'flat', value: f.flat },
                              { type: 'percentage', value: f.pct },
                            ],
                          },
                }),
              ]),
            ),
          });
          let out;
          try {
            out = applyFees(terms, { total, legs });
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe('0184');
            return;
          }
          const sources = sum(out.legs, 'source');
          expect(sources.eq(sum(out.legs, 'destination'))).toBe(true);
          expect(out.total.eq(sources)).toBe(true);
          expect(out.legs.every((l) => l.amount.gt(0))).toBe(true);
          const charged = out.fees.reduce((s, f) => s.plus(f.amount), new Money(0));
          const onTop = out.fees
            .filter((f) => !f.isDeductibleFrom)
            .reduce((s, f) => s.plus(f.amount), new Money(0));
          const credited = out.legs
            .filter((l) => l.accountAlias.startsWith('@fee'))
            .reduce((s, l) => s.plus(l.amount), new Money(0));
          expect(credited.eq(charged)).toBe(true);
          expect(out.total.eq(total.plus(onTop))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

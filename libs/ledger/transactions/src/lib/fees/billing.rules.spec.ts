import type { BillingTermsRecord } from '@finplat/ledger-database';
import { billingTermsOf, periodWindow, priceVolume } from './billing.rules';

const tiered: BillingTermsRecord = {
  pricingModel: 'tiered',
  tiers: [
    { minQuantity: 0, maxQuantity: 2, unitPrice: '1.50' },
    { minQuantity: 3, maxQuantity: 10, unitPrice: '1.00' },
    { minQuantity: 11, unitPrice: '0.333' },
  ],
  freeQuota: 1,
  discountTiers: [
    { minQuantity: 5, discountPercentage: '10' },
    { minQuantity: 12, discountPercentage: '12.5' },
  ],
};

describe('billing rules', () => {
  it.each([
    [0, '0'],
    [1, '0'],
    [3, '3'], // units 1–2 at 1.50
    [5, '4.5'], // 3 + 2 × 1.00 = 5, less 10 %
    [13, '10.20775'], // 12 billable: 3 + 8 × 1.00 + 2 × 0.333 = 11.666, less 12.5 %
  ])('should price %i events graduated, after the free quota, discounted', (count, expected) => {
    expect(priceVolume(tiered, count).toFixed()).toBe(expected);
  });

  it('should price a flat model per billable event', () => {
    const flat = { pricingModel: 'flat' as const, tiers: [{ minQuantity: 0, unitPrice: '0.25' }] };
    expect(priceVolume(flat, 7).toFixed()).toBe('1.75');
  });

  it('should bound a period to its UTC month and refuse anything else (0186)', () => {
    expect(periodWindow('2026-12')).toEqual({
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    for (const bad of ['2026-13', '2026-1', '26-01', '']) {
      expect(() => periodWindow(bad)).toThrow(expect.objectContaining({ code: '0186' }));
    }
  });

  it('should keep only the terms of the type and default the volume ones', () => {
    expect(
      billingTermsOf('volume', {
        eventFilter: { transactionRoute: 'r', status: 'APPROVED' },
        pricingModel: 'flat',
        tiers: [{ minQuantity: 0, unitPrice: '2.50' }],
        creditAccountAlias: '@rev',
      }),
    ).toEqual({
      eventFilter: { transactionRoute: 'r', status: 'APPROVED' },
      pricingModel: 'flat',
      tiers: [{ minQuantity: 0, unitPrice: '2.5' }],
      freeQuota: 0,
      discountTiers: [],
      countMode: 'perRoute',
      creditAccountAlias: '@rev',
    });
  });
});

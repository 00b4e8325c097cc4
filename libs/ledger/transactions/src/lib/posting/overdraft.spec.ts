import fc from 'fast-check';
import { DomainError } from '@finplat/platform';
import { Money, OVERDRAFT_BALANCE_KEY } from '@finplat/ledger-domain';
import type { LockedBalance } from './balance-effects';
import { planPosting, type Step } from './plan-posting';
import { balanceRefKey } from './posting.repository';

const LEDGER = '01900000-0000-7000-8000-00000000000l';
const ACCOUNTS = ['@a', '@b', '@c'];

function balance(alias: string, key: string, over: Partial<LockedBalance> = {}): LockedBalance {
  return {
    id: `${alias}#${key}`,
    ledgerId: LEDGER,
    accountId: alias,
    alias,
    key,
    assetCode: 'USD',
    available: new Money(0),
    onHold: new Money(0),
    version: 1n,
    accountType: alias === '@external/USD' ? 'external' : 'deposit',
    allowSending: true,
    allowReceiving: true,
    blocked: false,
    direction: 'credit',
    scope: 'transactional',
    overdraftUsed: new Money(0),
    allowOverdraft: false,
    overdraftLimit: null,
    ...over,
  };
}

/** The ledger's balances: three accounts (one with a limit), their overdraft balances, @external. */
function initialBalances(limit: string): Map<string, LockedBalance> {
  const all: LockedBalance[] = [balance('@external/USD', 'default')];
  ACCOUNTS.forEach((alias, i) => {
    all.push(
      balance(alias, 'default', {
        allowOverdraft: i !== 2,
        overdraftLimit: i === 1 ? new Money(limit) : null,
      }),
      balance(alias, OVERDRAFT_BALANCE_KEY, { direction: 'debit', scope: 'internal' }),
    );
  });
  return new Map(
    all.map((b) => [balanceRefKey({ ledgerId: LEDGER, alias: b.alias, key: b.key }), b]),
  );
}

const TX = { id: 'tx', organizationId: 'org', ledgerId: LEDGER, assetCode: 'USD' };

const transfer = (from: string, to: string, amount: Money): Step[] => [
  {
    leg: { side: 'source', accountAlias: from, balanceKey: 'default', amount },
    phase: 'immediate',
  },
  {
    leg: { side: 'destination', accountAlias: to, balanceKey: 'default', amount },
    phase: 'immediate',
  },
];

/** Σ credit-direction (available + onHold) − Σ debit-direction available: always zero. */
const netWorth = (balances: Map<string, LockedBalance>) =>
  [...balances.values()].reduce(
    (sum, b) =>
      b.direction === 'debit' ? sum.minus(b.available) : sum.plus(b.available).plus(b.onHold),
    new Money(0),
  );

const amountArb = fc
  .bigInt({ min: 1n, max: 100_000n })
  .map((cents) => new Money(cents.toString()).div(100));
const partyArb = fc.constantFrom('@external/USD', ...ACCOUNTS);
const moveArb = fc.record({ from: partyArb, to: partyArb, amount: amountArb });

describe('overdraft (property: money is conserved)', () => {
  it('should conserve money and keep every overdraft rule through any mix of debits and repayments', () => {
    fc.assert(
      fc.property(
        fc.array(moveArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 500 }),
        (moves, limit) => {
          const balances = initialBalances(String(limit));
          for (const { from, to, amount } of moves) {
            if (from === to) continue;
            const before = new Map(balances);
            let plan;
            try {
              plan = planPosting(balances, TX, transfer(from, to, amount), 'APPROVED', new Date());
            } catch (error) {
              // A refused posting is a rule (funds 0018, limit 0167), never anything else, and
              // changes nothing.
              expect(error).toBeInstanceOf(DomainError);
              expect(['0018', '0167']).toContain((error as DomainError).code);
              expect(balances).toEqual(before);
              continue;
            }
            for (const b of plan.changed) {
              balances.set(balanceRefKey({ ledgerId: LEDGER, alias: b.alias, key: b.key }), b);
            }
            // Every operation continues its balance: before + delta = after, version + 1.
            for (const op of plan.operations) {
              expect(op.versionAfter).toBe(op.versionBefore + 1n);
            }
          }
          expect(netWorth(balances).isZero()).toBe(true);
          for (const alias of ACCOUNTS) {
            const main = balances.get(balanceRefKey({ ledgerId: LEDGER, alias, key: 'default' }))!;
            const debt = balances.get(
              balanceRefKey({ ledgerId: LEDGER, alias, key: OVERDRAFT_BALANCE_KEY }),
            )!;
            expect(main.available.isNegative()).toBe(false);
            expect(main.overdraftUsed.isNegative()).toBe(false);
            // Floor at zero: a balance that owes has nothing available.
            if (main.overdraftUsed.gt(0)) expect(main.available.isZero()).toBe(true);
            // The internal balance mirrors the debt exactly.
            expect(debt.available.eq(main.overdraftUsed)).toBe(true);
            if (main.overdraftLimit) expect(main.overdraftUsed.lte(main.overdraftLimit)).toBe(true);
            if (!main.allowOverdraft) expect(main.overdraftUsed.isZero()).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should draw on the overdraft, record the companion, and repay it first', () => {
    const balances = initialBalances('50');
    const fund = planPosting(
      balances,
      TX,
      transfer('@external/USD', '@a', new Money(10)),
      'APPROVED',
      new Date(),
    );
    fund.changed.forEach((b) =>
      balances.set(balanceRefKey({ ledgerId: LEDGER, alias: b.alias, key: b.key }), b),
    );
    const spend = planPosting(
      balances,
      TX,
      transfer('@a', '@c', new Money('30.5')),
      'APPROVED',
      new Date(),
    );
    expect(
      spend.operations.map(
        (o) =>
          `${o.accountAlias}#${o.balanceKey} ${o.type} ${o.direction} ${o.amount.toFixed()} → ${o.availableAfter.toFixed()}/${o.overdraftUsedAfter.toFixed()}`,
      ),
    ).toEqual([
      '@a#default DEBIT debit 30.5 → 0/20.5',
      '@a#overdraft OVERDRAFT debit 20.5 → 20.5/0',
      '@c#default CREDIT credit 30.5 → 30.5/0',
    ]);
    spend.changed.forEach((b) =>
      balances.set(balanceRefKey({ ledgerId: LEDGER, alias: b.alias, key: b.key }), b),
    );
    const repay = planPosting(
      balances,
      TX,
      transfer('@c', '@a', new Money(25)),
      'APPROVED',
      new Date(),
    );
    expect(
      repay.operations.map(
        (o) =>
          `${o.accountAlias}#${o.balanceKey} ${o.type} ${o.direction} ${o.amount.toFixed()} → ${o.availableAfter.toFixed()}/${o.overdraftUsedAfter.toFixed()}`,
      ),
    ).toEqual([
      '@c#default DEBIT debit 25 → 5.5/0',
      '@a#default CREDIT credit 25 → 4.5/0',
      '@a#overdraft OVERDRAFT credit 20.5 → 0/0',
    ]);
  });

  it('should refuse past the limit (0167) and without overdraft (0018)', () => {
    const balances = initialBalances('5');
    const code = (from: string, amount: string) => {
      try {
        planPosting(balances, TX, transfer(from, '@a', new Money(amount)), 'APPROVED', new Date());
      } catch (error) {
        return (error as DomainError).code;
      }
      return 'posted';
    };
    expect(code('@b', '5')).toBe('posted');
    expect(code('@b', '5.01')).toBe('0167');
    expect(code('@c', '0.01')).toBe('0018');
  });
});

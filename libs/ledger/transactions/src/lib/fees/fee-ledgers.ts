import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Money } from '@finplat/ledger-domain';
import { TenantContext } from '@finplat/tenancy';

/** The amount range of one enabled fee package, as a posting batch reads it. */
export interface FeeRange {
  minimum: Money;
  maximum: Money;
}

/** Whether a total falls in one of a ledger's fee package ranges (a package might apply). */
export const inFeeRange = (total: Money, ranges: readonly FeeRange[]): boolean =>
  ranges.some((r) => total.gte(r.minimum) && total.lte(r.maximum));

/**
 * Thrown for a posting whose fee packages were not looked up, when its batch finds that a
 * package of its ledger may apply: nothing is written for it; the transaction service looks
 * its fees up and posts it again with them (decision 0063).
 */
export class FeePackagesFound extends Error {
  constructor() {
    super('a fee package of the ledger may apply');
  }
}

const KNOWN_LEDGERS = 10_000;

/**
 * Which ledgers had enabled fee packages when their last posting batch read them (decision
 * 0063). A transaction of such a ledger has its fees looked up before it is submitted, as
 * before; any other transaction is submitted at once and its batch, which reads the ledger's
 * package ranges in the statement it already sends, sends it back only if one may apply — so
 * a ledger without fee packages pays no statement per transaction for them.
 */
@Injectable()
export class FeeLedgers {
  private readonly charging = new LRUCache<string, true>({ max: KNOWN_LEDGERS });

  private static key(ledgerId: string): string {
    return `${TenantContext.currentOrUndefined()?.tenantId ?? ''}/${ledgerId}`;
  }

  /** Whether the last batch of the ledger found fee packages. */
  charges(ledgerId: string): boolean {
    return this.charging.has(FeeLedgers.key(ledgerId));
  }

  /** What a posting batch read of the ledger's fee packages. */
  learn(ledgerId: string, ranges: readonly FeeRange[]): void {
    if (ranges.length === 0) this.charging.delete(FeeLedgers.key(ledgerId));
    else this.charging.set(FeeLedgers.key(ledgerId), true);
  }
}

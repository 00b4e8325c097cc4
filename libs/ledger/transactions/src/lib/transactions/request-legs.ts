import { DomainError, PlatformErrors } from '@finplat/platform';
import { Money, parseAmount, validateMetadata } from '@finplat/ledger-domain';
import { TransactionErrors } from '../common/transaction.errors';
import { assertWithinAccounts } from '../posting/block-rules';
import type { TransactionKind } from '../posting/posting.records';
import {
  assertDisjointSides,
  resolveLegs,
  type LegInput,
  type ResolvedLeg,
} from '../posting/resolve-legs';

/** The `send` of any transaction body (json, inflow, outflow, annotation, block, unblock). */
export interface SendInput {
  asset: string;
  value: unknown;
  source?: { from: LegInput[] };
  distribute?: { to: LegInput[] };
}

const externalAlias = (asset: string) => `@external/${asset}`;

/** `send.value`: a positive decimal string. */
export function parseTotal(value: unknown): Money {
  const total = parseAmount(value);
  if (!total) {
    throw new DomainError(
      PlatformErrors.BAD_REQUEST,
      'send.value must be a decimal string such as "100.00".',
      { fields: { 'send.value': 'must be a decimal string' } },
    );
  }
  if (total.lte(0)) {
    throw new DomainError(
      TransactionErrors.NON_POSITIVE_VALUE,
      'send.value must be greater than zero.',
      { fields: { 'send.value': 'must be positive' } },
    );
  }
  return total;
}

/**
 * The exact legs of a transaction body: sources then destinations, the external account
 * standing in for the side an inflow or outflow does not give.
 */
export function requestLegs(kind: TransactionKind, send: SendInput, total: Money): ResolvedLeg[] {
  const { asset } = send;
  const external: LegInput[] = [
    { accountAlias: externalAlias(asset), amount: { asset, value: total.toFixed() } },
  ];
  const from = kind === 'inflow' ? external : (send.source?.from ?? []);
  const to = kind === 'outflow' ? external : (send.distribute?.to ?? []);
  const sources = resolveLegs(total, asset, from, 'source');
  const destinations = resolveLegs(total, asset, to, 'destination');
  for (const leg of [...sources, ...destinations]) {
    if (leg.metadata) leg.metadata = validateMetadata(leg.metadata);
  }
  assertDisjointSides(sources, destinations);
  if (kind === 'block' || kind === 'unblock') assertWithinAccounts(kind, sources, destinations);
  return [...sources, ...destinations];
}

import { DomainError } from '@finplat/platform';
import { TransactionErrors } from '../common/transaction.errors';
import type { ResolvedLeg } from './resolve-legs';

/**
 * Blocking moves funds between balances of one account (its `default` balance and a balance
 * opened for blocked funds, e.g. key `frozen` with `allowSending: false`), never to someone
 * else: every account on one side of a block or unblock must be on the other side too.
 * Aliases are unique per ledger, so the alias names the account.
 */
export function assertWithinAccounts(
  kind: 'block' | 'unblock',
  sources: ResolvedLeg[],
  destinations: ResolvedLeg[],
): void {
  const from = new Set(sources.map((leg) => leg.accountAlias));
  const to = new Set(destinations.map((leg) => leg.accountAlias));
  const stranger =
    destinations.find((leg) => !from.has(leg.accountAlias)) ??
    sources.find((leg) => !to.has(leg.accountAlias));
  if (stranger) {
    throw new DomainError(
      TransactionErrors.ACCOUNT_INELIGIBLE,
      `A ${kind} moves funds between balances of the same account; ${stranger.accountAlias} appears on one side only.`,
      { fields: { accountAlias: stranger.accountAlias } },
    );
  }
}

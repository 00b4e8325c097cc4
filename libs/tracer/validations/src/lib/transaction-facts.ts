import { DomainError } from '@finplat/platform';
import { TracerErrors, type TransactionFacts, type TransactionType } from '@finplat/tracer-domain';
import type { RuleActivation } from '@finplat/tracer-rules';
import type { TransactionPayloadDto } from './dto/validation-request.dto';

/** What a validation or a reservation says about its transaction. */
export type TransactionPayload = TransactionPayloadDto & {
  transactionType?: TransactionType;
  account?: {
    accountId: string;
    type?: string;
    status?: string;
    metadata?: Record<string, unknown>;
  };
};

const PAST_WINDOW_MS = 24 * 3_600_000;
const CLOCK_SKEW_MS = 60_000;

/** The timestamp must lie within now − 24 h … now + 1 min (server clock). */
export function checkTimestamp(timestamp: string, now: Date): Date {
  const at = new Date(timestamp);
  if (
    at.getTime() < now.getTime() - PAST_WINDOW_MS ||
    at.getTime() > now.getTime() + CLOCK_SKEW_MS
  ) {
    throw new DomainError(
      TracerErrors.TIMESTAMP_OUT_OF_RANGE,
      'transactionTimestamp must lie within the last 24 hours (1 minute of clock skew allowed).',
      { fields: { transactionTimestamp: 'outside now − 24 h … now + 1 min' } },
    );
  }
  return at;
}

const lower = (value: string | undefined) => value?.toLowerCase();

/** The scope-relevant facts, normalized like stored scopes (ids and subType lower-cased). */
export function factsOf(payload: TransactionPayload): TransactionFacts {
  const facts: TransactionFacts = {};
  const set = <K extends keyof TransactionFacts>(
    key: K,
    value: TransactionFacts[K] | undefined,
  ) => {
    if (value !== undefined) facts[key] = value;
  };
  set('accountId', lower(payload.account?.accountId));
  set('segmentId', lower(payload.segment?.segmentId));
  set('portfolioId', lower(payload.portfolio?.portfolioId));
  set('merchantId', lower(payload.merchant?.merchantId));
  set('transactionType', payload.transactionType);
  set('subType', lower(payload.subType));
  return facts;
}

const asMap = (value: object | undefined): Record<string, unknown> =>
  value ? { ...(value as Record<string, unknown>) } : {};

/**
 * The CEL variables of one transaction: amount as a double (prefer ranges to equality),
 * the timestamp in Unix nanoseconds, absent contexts as empty maps.
 */
export function activationOf(payload: TransactionPayload, at: Date): RuleActivation {
  return {
    transactionType: payload.transactionType ?? '',
    subType: lower(payload.subType) ?? '',
    currency: payload.currency,
    amount: Number(payload.amount),
    transactionTimestamp: BigInt(at.getTime()) * 1_000_000n,
    account: asMap(payload.account),
    segment: asMap(payload.segment),
    portfolio: asMap(payload.portfolio),
    merchant: asMap(payload.merchant),
    metadata: asMap(payload.metadata),
  };
}

/**
 * Failures that mean the tracer's database cannot be reached (refused, reset, timed out,
 * shutting down) or the tenant's placement is unavailable: TRACER_FAIL_POSTURE applies.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  if (error instanceof DomainError) return error.definition.kind === 'unavailable';
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) {
    return true;
  }
  if (/^(08|57P)/.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not currently accepting connections/i.test(
    String(e?.message ?? ''),
  );
}

import type { TracerDecision, TracerReserveRequest } from '@finplat/contracts';
import { DomainError } from '@finplat/platform';
import type { LedgerSettings, Metadata } from '@finplat/ledger-domain';
import type { TransactionKind } from '../posting/posting.records';
import { TracerConsultErrors, TRACER_RETRY_AFTER_SEC } from './tracer.errors';

export type TracerSettings = LedgerSettings['tracer'];

/** What asking the tracer gave: its decision and holds, or why it could not be asked. */
export type Consultation =
  | {
      outcome: 'decided';
      decision: TracerDecision;
      reason: string;
      reservationIds: string[];
      matchedRuleIds: string[];
    }
  | { outcome: 'unavailable'; reason: string };

/** What a consulted transaction keeps of it (in its stored body, `tracer`). */
export interface TracerRecord {
  mode: 'advisory' | 'enforce';
  decision?: TracerDecision;
  reason: string;
  matchedRuleIds?: string[];
  reservationIds: string[];
  /** The tracer could not be asked and the posting went on unchecked. */
  skipped?: true;
}

/** How a consultation shapes the posting, under the ledger's settings of its batch. */
export interface TracerEffect {
  tracerSkipped: boolean;
  /** REVIEW under enforce: the transaction waits, funds on hold, for a person. */
  pending: boolean;
  statusDescription: string | null;
  record?: TracerRecord;
}

/** Kinds the ledger asks the tracer about: money that moves between accounts or in and out. */
export function consultsTracer(kind: TransactionKind): boolean {
  return kind === 'json' || kind === 'inflow' || kind === 'outflow';
}

/**
 * Thrown for a posting whose ledger consults the tracer but that reached its batch without a
 * consultation (the ledger's mode was not known yet): nothing is written for it, the posting
 * service asks the tracer outside the batch and posts it again.
 */
export class TracerConsultNeeded extends Error {
  constructor(readonly settings: TracerSettings) {
    super('the ledger consults the tracer');
  }
}

const NO_EFFECT: TracerEffect = { tracerSkipped: false, pending: false, statusDescription: null };

/**
 * The ledger's reading of a consultation (issue 9 item 7, decision 0027): `off` ignores it;
 * `advisory` records the decision and never blocks; `enforce` refuses a DENY (422 0177),
 * holds a REVIEW as pending, posts an ALLOW. When the tracer could not be asked, `open` (and
 * advisory whatever its posture) posts unchecked with `tracerSkipped`, `closed` refuses it
 * (503 0178, Retry-After).
 */
export function tracerEffect(
  consultation: Consultation,
  settings: TracerSettings,
  kind: TransactionKind,
): TracerEffect {
  const { mode, failPosture } = settings;
  if (mode === 'off') return NO_EFFECT;
  if (consultation.outcome === 'unavailable') {
    if (mode === 'enforce' && failPosture === 'closed') {
      throw new DomainError(
        TracerConsultErrors.UNAVAILABLE,
        `The tracer could not be consulted (${consultation.reason}) and this ledger's failPosture is closed; nothing was posted. Retry later.`,
        { retryAfterSec: TRACER_RETRY_AFTER_SEC },
      );
    }
    return {
      tracerSkipped: true,
      pending: false,
      statusDescription: `Tracer not consulted (${consultation.reason}); posted unchecked`,
      record: { mode, reason: consultation.reason, reservationIds: [], skipped: true },
    };
  }
  const { decision, reason, matchedRuleIds, reservationIds } = consultation;
  const record: TracerRecord = { mode, decision, reason, matchedRuleIds, reservationIds };
  if (mode === 'advisory') {
    return {
      tracerSkipped: false,
      pending: false,
      statusDescription: `Tracer advisory ${decision}: ${reason}`,
      record,
    };
  }
  if (decision === 'DENY' || (decision === 'REVIEW' && kind === 'inflow')) {
    throw new DomainError(
      TracerConsultErrors.DENIED,
      decision === 'DENY'
        ? `The tracer denied the transaction: ${reason}.`
        : `The tracer flagged the transaction for review (${reason}), and an inflow cannot wait pending: its source is external.`,
      { decision, matchedRuleIds },
    );
  }
  return {
    tracerSkipped: false,
    pending: decision === 'REVIEW',
    statusDescription:
      decision === 'REVIEW'
        ? `Tracer REVIEW: ${reason}; pending until committed or canceled`
        : `Tracer ALLOW: ${reason}`,
    record,
  };
}

/** The account a transaction is about, as the tracer's `account` context. */
export interface AccountFacts {
  id: string;
  type: string;
  status: string;
  segmentId: string | null;
  portfolioId: string | null;
}

const TRACER_METADATA_ENTRIES = 50;
const TRACER_METADATA_KEY = 64;

/**
 * The tracer's payload for a ledger transaction: amount and asset, the principal account
 * with its segment and portfolio, the kind as `subType`, and the transaction's metadata
 * within what the tracer accepts (50 entries, keys of 64 characters).
 */
export function reserveRequestOf(input: {
  transactionId: string;
  kind: TransactionKind;
  amount: string;
  asset: string;
  pending: boolean;
  metadata: Metadata;
  account?: AccountFacts;
  now: Date;
}): TracerReserveRequest {
  const metadata = Object.fromEntries(
    Object.entries(input.metadata)
      .filter(([key]) => key.length <= TRACER_METADATA_KEY)
      .slice(0, TRACER_METADATA_ENTRIES),
  );
  const { account } = input;
  return {
    transactionId: input.transactionId,
    amount: input.amount,
    currency: input.asset,
    transactionTimestamp: input.now.toISOString(),
    subType: input.kind === 'json' ? 'transfer' : input.kind,
    longLived: input.pending,
    ...(account
      ? {
          account: {
            accountId: account.id,
            type: account.type || 'deposit',
            status: account.status.toLowerCase() || 'active',
          },
          ...(account.segmentId ? { segment: { segmentId: account.segmentId } } : {}),
          ...(account.portfolioId ? { portfolio: { portfolioId: account.portfolioId } } : {}),
        }
      : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/**
 * The ledger ↔ tracer seam over HTTP (`/v1/reservations` of the tracer): phase one reserves
 * capacity for a ledger transaction and answers the tracer's decision; phase two confirms the
 * holds when the posting commits or releases them when it does not. The tracer owns the
 * validation (DTO classes that implement these shapes); the ledger's client sends them.
 */
export const TRACER_DECISIONS = ['ALLOW', 'DENY', 'REVIEW'] as const;
export type TracerDecision = (typeof TRACER_DECISIONS)[number];

/** A context of the transaction (account, segment, portfolio): id plus free facts. */
export interface TracerContextRef {
  metadata?: Record<string, unknown>;
}

export interface TracerReserveRequest {
  /** The ledger transaction's id (uuid); reserving again for it answers the same holds. */
  transactionId: string;
  /** Decimal string, exact. */
  amount: string;
  /** ISO-4217, three upper-case letters. */
  currency: string;
  /** RFC 3339; within the last 24 hours. */
  transactionTimestamp: string;
  subType?: string;
  /** A pending transaction: hold for the long TTL. */
  longLived?: boolean;
  account?: TracerContextRef & { accountId: string; type: string; status: string };
  segment?: TracerContextRef & { segmentId: string; name?: string };
  portfolio?: TracerContextRef & { portfolioId: string; name?: string };
  metadata?: Record<string, unknown>;
}

export interface TracerReserveResponse {
  transactionId: string;
  /** True when a rule denied it or a limit would be exceeded: nothing is held. */
  denied: boolean;
  reservationIds: string[];
  /** The rules' and limits' decision (beyond the reference's fields: the ledger acts on it). */
  decision: TracerDecision;
  reason: string;
  matchedRuleIds: string[];
}

/** Phase two by transaction id. */
export interface TracerTransactionActionResponse {
  transactionId: string;
  status: 'CONFIRMED' | 'RELEASED';
  /** How many holds this call moved (0 when they were already there). */
  flipped: number;
}

/**
 * Phase one for many transactions in one call (`POST /v1/reservations/batch`, decision 0028):
 * the ledger sends together the reserves of the postings that arrived while its previous call
 * was out. Each item is judged alone, as `POST /v1/reservations` would judge it.
 */
export const TRACER_RESERVE_BATCH_LIMIT = 100;

export interface TracerReserveBatchRequest {
  reservations: TracerReserveRequest[];
}

/** An item's outcome: the status a single reserve would have answered, and its body. */
export interface TracerReserveBatchResult {
  status: number;
  reservation?: TracerReserveResponse;
  error?: { code: string; title: string; message: string; fields?: Record<string, string> };
}

export interface TracerReserveBatchResponse {
  /** One per item, in the request's order. */
  results: TracerReserveBatchResult[];
}

/** Phase two for many transactions in one call (`POST /v1/reservations/transactions/settle`). */
export type TracerSettleAction = 'confirm' | 'release';

export interface TracerSettleBatchRequest {
  settlements: { transactionId: string; action: TracerSettleAction }[];
}

export interface TracerSettleBatchResponse {
  /** One per item, in the request's order. */
  results: TracerTransactionActionResponse[];
}

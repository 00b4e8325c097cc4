import type { LimitUsageDetail } from '@finplat/tracer-limits';
import type {
  TransactionValidationResponse,
  ValidationResponse,
  ValidationSummaryResponse,
} from './dto/validation.response';
import type { Decision } from './rule-evaluation';

/** A decision record as stored in `transaction_validations`. */
export interface ValidationRecord {
  id: string;
  request_id: string;
  transaction_type: string;
  sub_type: string | null;
  amount: string;
  currency: string;
  transaction_timestamp: Date;
  account: Record<string, unknown>;
  segment: Record<string, unknown> | null;
  portfolio: Record<string, unknown> | null;
  merchant: Record<string, unknown> | null;
  metadata: Record<string, unknown>;
  decision: Decision;
  reason: string;
  matched_rule_ids: string[];
  evaluated_rule_ids: string[];
  exceeded_limit_ids: string[];
  limit_usage_details: LimitUsageDetail[];
  total_rules_loaded: number;
  truncated: boolean;
  processing_time_ms: number;
  created_at: Date;
}

export const RECORD_COLUMNS = [
  'id',
  'request_id',
  'transaction_type',
  'sub_type',
  'amount',
  'currency',
  'transaction_timestamp',
  'account',
  'segment',
  'portfolio',
  'merchant',
  'metadata',
  'decision',
  'reason',
  'matched_rule_ids',
  'evaluated_rule_ids',
  'exceeded_limit_ids',
  'limit_usage_details',
  'total_rules_loaded',
  'truncated',
  'processing_time_ms',
  'created_at',
] as const satisfies readonly (keyof ValidationRecord)[];

export function toValidationResponse(r: ValidationRecord): ValidationResponse {
  return {
    validationId: r.id,
    requestId: r.request_id,
    decision: r.decision,
    reason: r.reason,
    matchedRuleIds: r.matched_rule_ids,
    evaluatedRuleIds: r.evaluated_rule_ids,
    limitUsageDetails: r.limit_usage_details,
    totalRulesLoaded: r.total_rules_loaded,
    truncated: r.truncated,
    processingTimeMs: r.processing_time_ms,
    evaluatedAt: r.created_at.toISOString(),
  };
}

const present = <T>(key: string, value: T | null | undefined) =>
  value === null || value === undefined ? {} : { [key]: value };

export function toTransactionValidation(r: ValidationRecord): TransactionValidationResponse {
  return {
    validationId: r.id,
    requestId: r.request_id,
    transactionType: r.transaction_type,
    ...present('subType', r.sub_type),
    amount: r.amount,
    currency: r.currency,
    transactionTimestamp: r.transaction_timestamp.toISOString(),
    account: r.account,
    ...present('segment', r.segment),
    ...present('portfolio', r.portfolio),
    ...present('merchant', r.merchant),
    metadata: r.metadata,
    decision: r.decision,
    reason: r.reason,
    matchedRuleIds: r.matched_rule_ids,
    evaluatedRuleIds: r.evaluated_rule_ids,
    limitUsageDetails: r.limit_usage_details,
    totalRulesLoaded: r.total_rules_loaded,
    truncated: r.truncated,
    processingTimeMs: r.processing_time_ms,
    createdAt: r.created_at.toISOString(),
  };
}

export function toValidationSummary(r: ValidationRecord): ValidationSummaryResponse {
  return {
    validationId: r.id,
    decision: r.decision,
    reason: r.reason,
    amount: r.amount,
    currency: r.currency,
    transactionType: r.transaction_type,
    accountId: r.account.accountId as string,
    ...present('segmentId', r.segment?.segmentId as string | undefined),
    ...present('portfolioId', r.portfolio?.portfolioId as string | undefined),
    matchedRuleIds: r.matched_rule_ids,
    exceededLimitIds: r.exceeded_limit_ids,
    processingTimeMs: r.processing_time_ms,
    createdAt: r.created_at.toISOString(),
  };
}

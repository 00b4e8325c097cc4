import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { LimitUsageDetail } from '@finplat/tracer-limits';

@ApiSchema({ name: 'LimitUsageDetail' })
export class LimitUsageDetailResponse {
  @ApiProperty({ format: 'uuid' }) limitId: string;
  @ApiProperty({ example: '1000.00' }) limitAmount: string;
  @ApiProperty({ example: 'account:00000000-0000-0000-0000-000000000000' }) scope: string;
  @ApiProperty({ example: 'DAILY' }) period: string;
  @ApiProperty({ example: '500.00' }) currentUsage: string;
  @ApiProperty({ example: '100.00' }) attemptedAmount: string;
  @ApiProperty() exceeded: boolean;
  @ApiPropertyOptional() skipped?: boolean;
  @ApiPropertyOptional({ enum: ['outside_time_window', 'outside_custom_period'] })
  skipReason?: string;
}

/** The answer to `POST /v1/validations` (Tracer's `ValidationResponse`). */
@ApiSchema({ name: 'ValidationResponse' })
export class ValidationResponse {
  @ApiProperty({ format: 'uuid' }) validationId: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: ['ALLOW', 'DENY', 'REVIEW'] }) decision: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) matchedRuleIds: string[];
  @ApiProperty({ type: [String] }) evaluatedRuleIds: string[];
  @ApiProperty({ type: [LimitUsageDetailResponse] }) limitUsageDetails: LimitUsageDetail[];
  @ApiProperty({ type: 'integer' }) totalRulesLoaded: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ type: 'number', format: 'double' }) processingTimeMs: number;
  @ApiProperty({ format: 'date-time' }) evaluatedAt: string;
  @ApiPropertyOptional({
    description:
      'Set only when TRACER_FAIL_POSTURE=open let the transaction through without checking it',
  })
  warning?: string;
}

/** The stored record (Tracer's `TransactionValidation`). */
@ApiSchema({ name: 'TransactionValidation' })
export class TransactionValidationResponse {
  @ApiProperty({ format: 'uuid' }) validationId: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() transactionType: string;
  @ApiPropertyOptional() subType?: string;
  @ApiProperty() amount: string;
  @ApiProperty() currency: string;
  @ApiProperty({ format: 'date-time' }) transactionTimestamp: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) account: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  segment?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  portfolio?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  merchant?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;
  @ApiProperty() decision: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) matchedRuleIds: string[];
  @ApiProperty({ type: [String] }) evaluatedRuleIds: string[];
  @ApiProperty({ type: [LimitUsageDetailResponse] }) limitUsageDetails: LimitUsageDetail[];
  @ApiProperty({ type: 'integer' }) totalRulesLoaded: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty({ type: 'number', format: 'double' }) processingTimeMs: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'ValidationSummary' })
export class ValidationSummaryResponse {
  @ApiProperty({ format: 'uuid' }) validationId: string;
  @ApiProperty() decision: string;
  @ApiProperty() reason: string;
  @ApiProperty() amount: string;
  @ApiProperty() currency: string;
  @ApiProperty() transactionType: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiPropertyOptional({ format: 'uuid' }) segmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) portfolioId?: string;
  @ApiProperty({ type: [String] }) matchedRuleIds: string[];
  @ApiProperty({ type: [String] }) exceededLimitIds: string[];
  @ApiProperty({ type: 'number', format: 'double' }) processingTimeMs: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

@ApiSchema({ name: 'ListTransactionValidationsResponse' })
export class ListValidationsResponse {
  @ApiProperty({ type: [ValidationSummaryResponse] })
  transactionValidations: ValidationSummaryResponse[];
  @ApiPropertyOptional() nextCursor?: string;
  @ApiProperty() hasMore: boolean;
}

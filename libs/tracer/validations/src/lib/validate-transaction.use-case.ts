import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, MetricsRegistry, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AuditTrail } from '@finplat/tracer-audit';
import { TRACER_OPTIONS, TracerErrors, type TracerOptions } from '@finplat/tracer-domain';
import { LimitGuard, type LimitCheck } from '@finplat/tracer-limits';
import { RuleCache } from '@finplat/tracer-rules';
import { Counter } from 'prom-client';
import { performance } from 'node:perf_hooks';
import type { ValidationRequestDto } from './dto/validation-request.dto';
import type { ValidationResponse } from './dto/validation.response';
import { evaluateRules, type Decision, type RuleVerdict } from './rule-evaluation';
import { activationOf, checkTimestamp, factsOf, isDatabaseUnavailable } from './transaction-facts';
import { ValidationRepository } from './validation.repository';
import { toValidationResponse, type ValidationRecord } from './validation.record';

export interface ValidationOutcome {
  /** True the first time a request id is validated (201); false for a replay (200). */
  created: boolean;
  response: ValidationResponse;
}

/** Thrown inside the limits transaction to roll its counter increments back. */
class RollBack extends Error {
  constructor(
    readonly decision: Decision,
    readonly reason: string,
    readonly limits: LimitCheck,
  ) {
    super(reason);
  }
}

const EMPTY_LIMITS: LimitCheck = { details: [], exceededLimitIds: [], holds: [] };

/**
 * `POST /v1/validations`. Rules are evaluated from the cache outside any transaction. A DENY
 * by rule touches no counter. Otherwise every active limit is checked inside one transaction;
 * only an ALLOW keeps its increments, committing them with its record and its audit event.
 * An exceeded limit (DENY) or a REVIEW rolls the increments back and is then recorded on its
 * own. Duplicates of a request id queue on an advisory lock and answer the stored record.
 */
@Injectable()
export class ValidateTransactionUseCase {
  private readonly logger = new Logger(ValidateTransactionUseCase.name);
  private readonly decisions: Counter<'decision'>;
  private readonly failOpen: Counter;

  constructor(
    private readonly db: TenantDb,
    private readonly rules: RuleCache,
    private readonly limits: LimitGuard,
    private readonly records: ValidationRepository,
    private readonly audit: AuditTrail,
    @Inject(TRACER_OPTIONS) private readonly options: TracerOptions,
    metrics: MetricsRegistry,
  ) {
    this.decisions = new Counter({
      name: 'tracer_validations_total',
      help: 'Validations answered, by decision (replays not counted)',
      labelNames: ['decision'],
      registers: [metrics.registry],
    });
    this.failOpen = new Counter({
      name: 'tracer_fail_open_total',
      help: 'Validations allowed unchecked because the database was unreachable (TRACER_FAIL_POSTURE=open)',
      registers: [metrics.registry],
    });
  }

  async execute(request: ValidationRequestDto): Promise<ValidationOutcome> {
    const started = performance.now();
    const now = new Date();
    const at = checkTimestamp(request.transactionTimestamp, now);
    try {
      const stored = await this.records.findByRequestId(request.requestId);
      if (stored) return { created: false, response: toValidationResponse(stored) };
      const facts = factsOf(request);
      const verdict = evaluateRules(
        await this.rules.active(),
        facts,
        activationOf(request, at),
        this.options.maxRulesPerRequest,
      );
      const decision = verdict.decision ?? this.options.defaultDecision;
      if (decision === 'DENY') {
        return await this.record(
          request,
          verdict,
          'DENY',
          reasonOf(verdict, 'DENY'),
          EMPTY_LIMITS,
          started,
        );
      }
      try {
        return await this.db.transaction(async () => {
          const replay = await this.lockAndFind(request.requestId);
          if (replay) return replay;
          const limits = await this.limits.take(
            facts,
            request.currency,
            request.amount,
            now,
            'used',
          );
          if (limits.exceededLimitIds.length > 0) {
            throw new RollBack('DENY', 'limit_exceeded', limits);
          }
          if (decision === 'REVIEW')
            throw new RollBack('REVIEW', reasonOf(verdict, 'REVIEW'), limits);
          return this.write(request, verdict, 'ALLOW', reasonOf(verdict, 'ALLOW'), limits, started);
        });
      } catch (error) {
        if (!(error instanceof RollBack)) throw error;
        return await this.record(
          request,
          verdict,
          error.decision,
          error.reason,
          error.limits,
          started,
        );
      }
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return this.failPosture(request, error, started);
    }
  }

  /** Records a decision that keeps no counter, in its own transaction. */
  private record(
    request: ValidationRequestDto,
    verdict: RuleVerdict,
    decision: Decision,
    reason: string,
    limits: LimitCheck,
    started: number,
  ): Promise<ValidationOutcome> {
    return this.db.transaction(async () => {
      const replay = await this.lockAndFind(request.requestId);
      if (replay) return replay;
      return this.write(request, verdict, decision, reason, limits, started);
    });
  }

  private async lockAndFind(requestId: string): Promise<ValidationOutcome | undefined> {
    await this.records.lockRequest(requestId);
    const stored = await this.records.findByRequestId(requestId);
    return stored ? { created: false, response: toValidationResponse(stored) } : undefined;
  }

  /** The record and its audit event, in the caller's transaction. */
  private async write(
    request: ValidationRequestDto,
    verdict: RuleVerdict,
    decision: Decision,
    reason: string,
    limits: LimitCheck,
    started: number,
  ): Promise<ValidationOutcome> {
    const record: ValidationRecord = {
      id: newId(),
      request_id: request.requestId.toLowerCase(),
      transaction_type: request.transactionType,
      sub_type: request.subType?.toLowerCase() ?? null,
      amount: request.amount,
      currency: request.currency,
      transaction_timestamp: new Date(request.transactionTimestamp),
      account: { ...request.account },
      segment: request.segment ? { ...request.segment } : null,
      portfolio: request.portfolio ? { ...request.portfolio } : null,
      merchant: request.merchant ? { ...request.merchant } : null,
      metadata: request.metadata ?? {},
      decision,
      reason,
      matched_rule_ids: verdict.matchedRuleIds,
      evaluated_rule_ids: verdict.evaluatedRuleIds,
      exceeded_limit_ids: limits.exceededLimitIds,
      limit_usage_details: limits.details,
      total_rules_loaded: verdict.totalRulesLoaded,
      truncated: verdict.truncated,
      processing_time_ms: Math.round((performance.now() - started) * 1000) / 1000,
      created_at: new Date(),
    };
    await this.records.insert(record);
    const response = toValidationResponse(record);
    await this.audit.record({
      eventType: 'TRANSACTION_VALIDATED',
      action: 'VALIDATE',
      result: decision,
      resourceType: 'transaction',
      resourceId: record.id,
      context: { request: { ...request }, response },
    });
    this.decisions.inc({ decision });
    return { created: true, response };
  }

  private failPosture(
    request: ValidationRequestDto,
    error: unknown,
    started: number,
  ): ValidationOutcome {
    this.logger.warn(`validation ${request.requestId}: database unavailable (${String(error)})`);
    if (this.options.failPosture === 'closed') {
      throw new DomainError(
        TracerErrors.TRACER_UNAVAILABLE,
        'The tracer cannot reach its database; the transaction was not validated. Retry later.',
        { retryAfterSec: 5 },
      );
    }
    this.failOpen.inc();
    return {
      created: false,
      response: {
        validationId: newId(),
        requestId: request.requestId,
        decision: 'ALLOW',
        reason: 'fail_open: the tracer database is unavailable; nothing was checked or recorded',
        matchedRuleIds: [],
        evaluatedRuleIds: [],
        limitUsageDetails: [],
        totalRulesLoaded: 0,
        truncated: false,
        processingTimeMs: Math.round((performance.now() - started) * 1000) / 1000,
        evaluatedAt: new Date().toISOString(),
        warning: 'TRACER_FAIL_OPEN',
      },
    };
  }
}

/** Why the decision was taken: the deciding rule's name, or the default. */
export function reasonOf(verdict: RuleVerdict, decision: Decision): string {
  const rule = verdict.decidingRule;
  if (!rule || verdict.decision !== decision) {
    return `No rule matched; default decision ${decision}`;
  }
  const verb = { DENY: 'denied', REVIEW: 'flagged for review', ALLOW: 'allowed' }[decision];
  return `Transaction ${verb} by rule '${rule.name}'`;
}

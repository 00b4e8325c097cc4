import { Inject, Injectable, Logger } from '@nestjs/common';
import { TenantGroupCommit, type Settled } from '@finplat/messaging';
import { DomainError, MetricsRegistry, newId } from '@finplat/platform';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import { AuditActors, AuditTrail, type AuditActor } from '@finplat/tracer-audit';
import {
  TRACER_OPTIONS,
  TracerErrors,
  type TracerOptions,
  type TransactionFacts,
} from '@finplat/tracer-domain';
import { LimitGuard, type LimitCheck } from '@finplat/tracer-limits';
import { RuleCache } from '@finplat/tracer-rules';
import { Counter, Histogram } from 'prom-client';
import { performance } from 'node:perf_hooks';
import type { ValidationRequestDto } from './dto/validation-request.dto';
import type { ValidationResponse } from './dto/validation.response';
import { evaluateRules, type Decision, type RuleVerdict } from './rule-evaluation';
import { activationOf, checkTimestamp, factsOf, isDatabaseUnavailable } from './transaction-facts';
import { ValidationBatchHooks, type WrittenValidation } from './validation-batch.hooks';
import { ValidationRepository } from './validation.repository';
import { toValidationResponse, type ValidationRecord } from './validation.record';

export interface ValidationOutcome {
  /** True the first time a request id is validated (201); false for a replay (200). */
  created: boolean;
  response: ValidationResponse;
}

/** A validation waiting for its batch: judged by the rules already, in its caller's context. */
interface PendingValidation {
  request: ValidationRequestDto;
  requestId: string;
  facts: TransactionFacts;
  verdict: RuleVerdict;
  /** The rules' decision, or the default one. */
  decision: Decision;
  actor: AuditActor;
  started: number;
}

const EMPTY_LIMITS: LimitCheck = { details: [], exceededLimitIds: [], holds: [] };

/**
 * `POST /v1/validations`. Rules are evaluated from the cache in the caller's request, outside
 * any transaction. The validation then joins its tenant's group commit (decision 0021):
 * validations that arrive while that tenant's previous batch is being written go together in
 * the next database transaction, which locks their request ids and answers replays with the
 * stored record, checks the limits of all of them in arrival order (a DENY by rule touches
 * no counter; only an ALLOW keeps its increments; a REVIEW or a limit's DENY keeps none),
 * and writes the records, the audit events and the listeners' rows with one statement each.
 * A lone validation is a batch of one, written at once.
 */
@Injectable()
export class ValidateTransactionUseCase {
  private readonly logger = new Logger(ValidateTransactionUseCase.name);
  private readonly decisions: Counter<'decision'>;
  private readonly failOpen: Counter;
  private readonly batchSize: Histogram;
  private readonly batches: TenantGroupCommit<PendingValidation, ValidationOutcome>;

  constructor(
    private readonly db: TenantDb,
    private readonly rules: RuleCache,
    private readonly limits: LimitGuard,
    private readonly records: ValidationRepository,
    private readonly audit: AuditTrail,
    private readonly hooks: ValidationBatchHooks,
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
    this.batchSize = new Histogram({
      name: 'tracer_validation_batch_size',
      help: 'Validations written per database transaction (group commit)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [metrics.registry],
    });
    this.batches = new TenantGroupCommit((items) => this.writeBatch(items), {
      maxBatchSize: options.validationBatchSize,
      // 1 by default: every ALLOW of a tenant meets the others on the chain head (and often on
      // the same counters), so a second batch in flight mostly waits for the first.
      maxInFlight: options.validationBatchesInFlight,
    });
  }

  async execute(request: ValidationRequestDto): Promise<ValidationOutcome> {
    const started = performance.now();
    const at = checkTimestamp(request.transactionTimestamp, new Date());
    try {
      const facts = factsOf(request);
      const verdict = evaluateRules(
        await this.rules.active(),
        facts,
        activationOf(request, at),
        this.options.maxRulesPerRequest,
      );
      return await this.batches.submit({
        request,
        requestId: request.requestId.toLowerCase(),
        facts,
        verdict,
        decision: verdict.decision ?? this.options.defaultDecision,
        actor: AuditActors.current(),
        started,
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return this.failPosture(request, error, started);
    }
  }

  /** Runs in the tenant context of the batch's lane (TenantGroupCommit). */
  private async writeBatch(items: PendingValidation[]): Promise<Settled<ValidationOutcome>[]> {
    this.batchSize.observe(items.length);
    try {
      return await this.write(items);
    } catch (error) {
      if (items.length === 1 || isDatabaseUnavailable(error)) throw error;
      // Something no check foresaw (a value PostgreSQL refuses) failed the whole batch, and
      // nothing of it was written: write each validation alone, so only the culprit fails.
      const outcomes: Settled<ValidationOutcome>[] = [];
      for (const item of items) {
        outcomes.push(
          await this.write([item]).then(
            ([outcome]) => outcome,
            (e: unknown) => ({ ok: false as const, error: e }),
          ),
        );
      }
      return outcomes;
    }
  }

  /** One database transaction for the whole batch; answers each item, in order. */
  private async write(items: PendingValidation[]): Promise<Settled<ValidationOutcome>[]> {
    const written: WrittenValidation[] = [];
    const outcomes = await this.db.transaction(async () => {
      const stored = await this.records.lockAndFind([...new Set(items.map((i) => i.requestId))]);
      // The first of a request id's items is the one validated; the others are replays of it.
      const first = new Map<string, number>();
      const fresh = items.filter((item, i) => {
        if (stored.has(item.requestId) || first.has(item.requestId)) return false;
        first.set(item.requestId, i);
        return true;
      });
      const checked = fresh.filter((item) => item.decision !== 'DENY');
      const checks = await this.limits.takeAll(
        checked.map((item) => ({
          facts: item.facts,
          currency: item.request.currency,
          amount: item.request.amount,
          keep: item.decision === 'ALLOW' ? ('used' as const) : ('none' as const),
        })),
        new Date(),
      );
      const checkOf = new Map(checked.map((item, i) => [item, checks[i]]));
      const answers = new Map<PendingValidation, ValidationOutcome>();
      for (const item of fresh) {
        const limits = checkOf.get(item) ?? EMPTY_LIMITS;
        const denied = limits.exceededLimitIds.length > 0;
        const decision = denied ? 'DENY' : item.decision;
        const reason = denied ? 'limit_exceeded' : reasonOf(item.verdict, decision);
        const record = recordOf(item, decision, reason, limits);
        const response = toValidationResponse(record);
        written.push({ record, response });
        answers.set(item, { created: true, response });
      }
      await this.records.insertAll(written.map((w) => w.record));
      await this.audit.recordAll(
        written.map(({ record, response }, i) => ({
          eventType: 'TRANSACTION_VALIDATED',
          action: 'VALIDATE',
          result: record.decision,
          resourceType: 'transaction',
          resourceId: record.id,
          context: { request: { ...fresh[i].request }, response },
          actor: fresh[i].actor,
        })),
      );
      for (const listener of this.hooks.all) {
        await this.db.statements((sql) => listener.written(written, sql));
      }
      return items.map((item): Settled<ValidationOutcome> => {
        const own = answers.get(item);
        if (own) return { ok: true, value: own };
        const replayed = stored.get(item.requestId);
        const response = replayed
          ? toValidationResponse(replayed)
          : (answers.get(items[first.get(item.requestId) as number]) as ValidationOutcome).response;
        return { ok: true, value: { created: false, response } };
      });
    });
    const tenantId = TenantContext.current().tenantId;
    for (const listener of this.hooks.all) listener.committed?.(tenantId);
    for (const { record } of written) this.decisions.inc({ decision: record.decision });
    return outcomes;
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

function recordOf(
  item: PendingValidation,
  decision: Decision,
  reason: string,
  limits: LimitCheck,
): ValidationRecord {
  const { request, verdict } = item;
  return {
    id: newId(),
    request_id: item.requestId,
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
    processing_time_ms: Math.round((performance.now() - item.started) * 1000) / 1000,
    created_at: new Date(),
  };
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

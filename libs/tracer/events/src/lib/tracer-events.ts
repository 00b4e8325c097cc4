import { Injectable } from '@nestjs/common';
import {
  TRACER_EVENTS_EXCHANGE,
  TRACER_EVENT_TYPES,
  type TracerChange,
  type TracerEvent,
  type TracerLimitEvent,
  type TracerRuleEvent,
  type TracerValidationEvent,
  type TracerValidationEventType,
} from '@finplat/contracts';
import { OutboxWriter, type OutboxEvent } from '@finplat/messaging';
import { newId } from '@finplat/platform';
import { TenantDb, type SqlStatements } from '@finplat/tenancy';
import type { LifecycleStatus } from '@finplat/tracer-domain';

/** What tracer declares on the shared OutboxModule (decision 0024). */
export const TRACER_OUTBOX = {
  exchange: TRACER_EVENTS_EXCHANGE,
  eventTypes: TRACER_EVENT_TYPES,
} as const;

/** The change a lifecycle transition to `target` publishes. */
export const TRANSITION_CHANGES: Readonly<Record<LifecycleStatus, TracerChange>> = {
  ACTIVE: 'activated',
  INACTIVE: 'deactivated',
  DRAFT: 'drafted',
  DELETED: 'deleted',
};

/** The routing key of a validation answered with `decision`. */
export const VALIDATION_EVENT_TYPES: Readonly<
  Record<TracerValidationEvent['decision'], TracerValidationEventType>
> = { ALLOW: 'validation.allowed', DENY: 'validation.denied', REVIEW: 'validation.review' };

type Snapshot<K extends string> = { [key in K]: string } & {
  name: string;
  status: string;
  updatedAt: string;
};

/** A rule event about `rule` (as the API shows it, after the change). */
export function ruleEvent(change: TracerChange, rule: Snapshot<'ruleId'>): TracerRuleEvent {
  return {
    id: newId(),
    type: `rule.${change}`,
    occurredAt: rule.updatedAt,
    ruleId: rule.ruleId,
    rule,
  };
}

export function limitEvent(change: TracerChange, limit: Snapshot<'limitId'>): TracerLimitEvent {
  return {
    id: newId(),
    type: `limit.${change}`,
    occurredAt: limit.updatedAt,
    limitId: limit.limitId,
    limit,
  };
}

/** How a tracer event is stored in the outbox: about its rule, limit or validation. */
export function outboxEventOf(event: TracerEvent): OutboxEvent {
  const aggregateId =
    'ruleId' in event ? event.ruleId : 'limitId' in event ? event.limitId : event.validationId;
  return { id: event.id, type: event.type, aggregateId, payload: event };
}

/**
 * Tracer's events, written to the tenant's outbox inside the caller's database transaction:
 * a change that rolls back (a refused request, a failed write) publishes nothing. Call
 * `committed()` once that transaction has committed, so the relay sends them at once.
 */
@Injectable()
export class TracerEvents {
  constructor(
    private readonly db: TenantDb,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Joins the caller's transaction (TenantDb nests) or, given `m`, writes with it. */
  async publish(events: TracerEvent | readonly TracerEvent[], m?: SqlStatements): Promise<void> {
    const list = (Array.isArray(events) ? events : [events]) as readonly TracerEvent[];
    const rows = list.map(outboxEventOf);
    if (m) return this.outbox.enqueue(m, rows);
    await this.db.transaction((manager) => this.outbox.enqueue(manager, rows));
  }

  /** The caller's transaction committed: relay the tenant's events now. */
  committed(tenantId?: string): void {
    this.outbox.committed(tenantId);
  }
}

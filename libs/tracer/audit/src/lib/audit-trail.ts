import { Injectable } from '@nestjs/common';
import { newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AuditActors, type AuditActor } from './audit-actor';

export const AUDIT_EVENT_TYPES = [
  'TRANSACTION_VALIDATED',
  'RULE_CREATED',
  'RULE_UPDATED',
  'RULE_ACTIVATED',
  'RULE_DEACTIVATED',
  'RULE_DRAFTED',
  'RULE_DELETED',
  'LIMIT_CREATED',
  'LIMIT_UPDATED',
  'LIMIT_ACTIVATED',
  'LIMIT_DEACTIVATED',
  'LIMIT_DRAFTED',
  'LIMIT_DELETED',
  'RESERVATION_CREATED',
  'RESERVATION_CONFIRMED',
  'RESERVATION_RELEASED',
  'RESERVATION_EXPIRED',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_ACTIONS = [
  'VALIDATE',
  'CREATE',
  'UPDATE',
  'DELETE',
  'ACTIVATE',
  'DEACTIVATE',
  'DRAFT',
  'RESERVE',
  'CONFIRM',
  'RELEASE',
  'EXPIRE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_RESULTS = ['SUCCESS', 'FAILED', 'ALLOW', 'DENY', 'REVIEW'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const AUDIT_RESOURCE_TYPES = ['transaction', 'rule', 'limit', 'reservation'] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];

export interface AuditEventInput {
  eventType: AuditEventType;
  action: AuditAction;
  result: AuditResult;
  resourceType: AuditResourceType;
  resourceId: string;
  /** `{request, response}` for validations, `{before, after}` for changes. */
  context: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** What a lifecycle transition is called in the trail. */
export const TRANSITION_AUDIT = {
  ACTIVE: { suffix: 'ACTIVATED', action: 'ACTIVATE' },
  INACTIVE: { suffix: 'DEACTIVATED', action: 'DEACTIVATE' },
  DRAFT: { suffix: 'DRAFTED', action: 'DRAFT' },
  DELETED: { suffix: 'DELETED', action: 'DELETE' },
} as const;

/** An event with the actor it is recorded for (work done on behalf of several requests). */
export interface AttributedAuditEvent extends AuditEventInput {
  actor: AuditActor;
}

// Events travel as one JSON array; WITH ORDINALITY keeps their order, which the chain trigger
// (one row after the other, under the head lock) turns into consecutive ids.
const APPEND_SQL = `INSERT INTO audit_events (id, event_id, event_type, action, result,
    resource_type, resource_id, actor_type, actor_id, actor_name, actor_role, actor_ip_address,
    context, metadata, previous_hash, hash)
  SELECT 0, (e->>'eventId')::uuid, e->>'eventType', e->>'action', e->>'result',
         e->>'resourceType', e->>'resourceId', e->>'actorType', e->>'actorId', e->>'actorName',
         e->>'actorRole', e->>'actorIpAddress', e->'context', e->'metadata', '', ''
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x (e, n)
   ORDER BY x.n`;

/**
 * Writes audit events into the current tenant's chain, inside the caller's database
 * transaction: the event commits or rolls back with the change it describes. PostgreSQL
 * numbers, links and hashes it (see the audit migration); the actor is the request's.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly db: TenantDb) {}

  async record(event: AuditEventInput): Promise<string> {
    const [eventId] = await this.recordAll([{ ...event, actor: AuditActors.current() }]);
    return eventId;
  }

  /**
   * Appends events in one statement, in order: a batch of validations costs one round trip
   * and one hold of the chain head, and every event is still linked and hashed on its own.
   */
  async recordAll(events: readonly AttributedAuditEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows = events.map(({ actor, ...event }) => ({
      eventId: newId(),
      eventType: event.eventType,
      action: event.action,
      result: event.result,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      actorType: actor.actorType,
      actorId: actor.id,
      actorName: actor.name,
      actorRole: actor.role ?? null,
      actorIpAddress: actor.ipAddress,
      context: event.context,
      metadata: event.metadata ?? {},
    }));
    await this.db.transaction((m) => m.query(APPEND_SQL, [JSON.stringify(rows)]));
    return rows.map((row) => row.eventId);
  }

  /** The audit event of a rule or limit lifecycle transition. */
  transition(
    resourceType: 'rule' | 'limit',
    resourceId: string,
    target: keyof typeof TRANSITION_AUDIT,
    before: unknown,
    after: unknown,
  ): Promise<string> {
    const { suffix, action } = TRANSITION_AUDIT[target];
    return this.record({
      eventType: `${resourceType.toUpperCase() as 'RULE' | 'LIMIT'}_${suffix}`,
      action,
      result: 'SUCCESS',
      resourceType,
      resourceId,
      context: { before, after },
    });
  }
}

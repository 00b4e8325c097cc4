/**
 * Events tracer publishes to each tenant's RabbitMQ vhost (exchange `tracer.events`, topic,
 * routing key = event type), through its transactional outbox: an event exists exactly when
 * the change it reports committed. Delivery is at least once: consumers dedupe by `id`. The
 * tenant is never a field of the event: it is the vhost the event was consumed from.
 */
export const TRACER_EVENTS_EXCHANGE = 'tracer.events';

/** What happened to a rule or a limit: created, updated, or a lifecycle transition. */
export const TRACER_CHANGES = [
  'created',
  'updated',
  'activated',
  'deactivated',
  'drafted',
  'deleted',
] as const;
export type TracerChange = (typeof TRACER_CHANGES)[number];

export const TRACER_RULE_EVENT_TYPES = TRACER_CHANGES.map((c) => `rule.${c}` as const);
export type TracerRuleEventType = `rule.${TracerChange}`;

export const TRACER_LIMIT_EVENT_TYPES = TRACER_CHANGES.map((c) => `limit.${c}` as const);
export type TracerLimitEventType = `limit.${TracerChange}`;

/** One per validation recorded, named after its decision (bind `validation.#` for all). */
export const TRACER_VALIDATION_EVENT_TYPES = [
  'validation.allowed',
  'validation.denied',
  'validation.review',
] as const;
export type TracerValidationEventType = (typeof TRACER_VALIDATION_EVENT_TYPES)[number];

export const TRACER_EVENT_TYPES = [
  ...TRACER_RULE_EVENT_TYPES,
  ...TRACER_LIMIT_EVENT_TYPES,
  ...TRACER_VALIDATION_EVENT_TYPES,
] as const;
export type TracerEventType =
  TracerRuleEventType | TracerLimitEventType | TracerValidationEventType;

interface TracerEventBase<T extends TracerEventType> {
  /** Event id (uuid): the dedupe key; also the AMQP `messageId`. */
  id: string;
  type: T;
  /** When the change was made (the resource's `updatedAt`, the validation's `evaluatedAt`). */
  occurredAt: string;
}

/** A rule or limit event: the resource after the change, as the API shows it. */
export interface TracerRuleEvent extends TracerEventBase<TracerRuleEventType> {
  ruleId: string;
  /** The rule as the API shows it (every field of `GET /v1/rules/{id}`). */
  rule: { ruleId: string; name: string; status: string };
}

export interface TracerLimitEvent extends TracerEventBase<TracerLimitEventType> {
  limitId: string;
  /** `maxAmount` is an exact decimal string. */
  limit: { limitId: string; name: string; status: string; maxAmount?: string };
}

/** A validation event: the recorded answer, and what was validated. */
export interface TracerValidationEvent extends TracerEventBase<TracerValidationEventType> {
  validationId: string;
  requestId: string;
  decision: 'ALLOW' | 'DENY' | 'REVIEW';
  transactionType: string;
  /** Exact decimal, as a string. */
  amount: string;
  currency: string;
  accountId: string;
  /** The answer `POST /v1/validations` gave (ValidationResponse). */
  validation: { validationId: string; decision: string };
}

export type TracerEvent = TracerRuleEvent | TracerLimitEvent | TracerValidationEvent;

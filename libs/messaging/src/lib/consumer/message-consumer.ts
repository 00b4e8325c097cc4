import type { ConsumeMessage } from 'amqplib';

/**
 * Handles the messages of one queue (OutboxModule `consumers`). Each call runs in the tenant
 * context of the vhost the message was consumed from — never a field or header of the
 * message. Resolving acks the message; throwing requeues it for a later delivery. Delivery is
 * at least once: dedupe by the message id.
 */
export interface MessageConsumer {
  handle(message: ConsumeMessage, tenantId: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/** A message as the outbox relay sent it: its event id, type and JSON body. */
export interface DecodedMessage<T> {
  /** The event id (AMQP `messageId`, else the body's `id`): the dedupe key. */
  id: string;
  /** The event type (AMQP `type`, else the routing key). */
  type: string;
  body: Partial<T>;
}

/**
 * The event a message carries, or undefined when it is not one (not a JSON object, or without
 * a uuid event id): such a message can never be handled, so a consumer acks and drops it
 * rather than requeueing it forever.
 */
export function decodeMessage<T>(message: ConsumeMessage): DecodedMessage<T> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const id = message.properties.messageId ?? (body as { id?: unknown }).id;
  if (!isUuid(id)) return undefined;
  const type = message.properties.type ?? message.fields.routingKey;
  return { id, type: String(type), body: body as Partial<T> };
}

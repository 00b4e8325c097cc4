import { coalesceWrites } from './socket-cork';

/** What the relay hands to the broker: one persistent message per event. */
export interface OutgoingMessage {
  /** The event id: AMQP `messageId`, the consumers' dedupe key. */
  id: string;
  exchange: string;
  routingKey: string;
  /** The event, serialized as JSON for the wire — unless `json` already holds that text. */
  body?: unknown;
  /** The body as JSON text, sent as is (e.g. read back from a jsonb column as text). */
  json?: string;
  headers?: Record<string, string>;
  timestamp?: Date;
}

/** The part of an amqplib ConfirmChannel publishing needs (so tests can pass a fake). */
export interface ConfirmChannelLike {
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: {
      persistent: boolean;
      messageId: string;
      contentType: string;
      type: string;
      timestamp?: number;
      headers?: Record<string, string>;
    },
    callback: (error: unknown) => void,
  ): boolean;
}

/**
 * Publishes every message and waits for the broker's confirm of each (publisher confirms).
 * Resolves the ids the broker confirmed; a nack, a closed channel or no answer within
 * `timeoutMs` leaves a message out, and it is retried later (at least once).
 */
export async function publishConfirmed(
  channel: ConfirmChannelLike,
  messages: OutgoingMessage[],
  timeoutMs = 5_000,
): Promise<{ confirmed: string[]; failed: { id: string; reason: string }[] }> {
  coalesceWrites(channel);
  // One timer for the whole round: whatever is unconfirmed when it fires has failed.
  const expire: (() => void)[] = [];
  const timer = setTimeout(() => expire.forEach((fail) => fail()), timeoutMs);
  const outcomes = messages.map(
    (message) =>
      new Promise<void>((resolve, reject) => {
        expire.push(() => reject(new Error(`no confirm within ${timeoutMs} ms`)));
        const done = (error: unknown) => {
          if (error) reject(error instanceof Error ? error : new Error(String(error)));
          else resolve();
        };
        try {
          channel.publish(
            message.exchange,
            message.routingKey,
            Buffer.from(message.json ?? JSON.stringify(message.body)),
            {
              persistent: true,
              messageId: message.id,
              contentType: 'application/json',
              type: message.routingKey,
              ...(message.timestamp
                ? { timestamp: Math.floor(message.timestamp.getTime() / 1000) }
                : {}),
              ...(message.headers ? { headers: message.headers } : {}),
            },
            done,
          );
        } catch (error) {
          done(error ?? new Error('publish failed'));
        }
      }),
  );
  const settled = await Promise.allSettled(outcomes);
  clearTimeout(timer);
  const confirmed: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') confirmed.push(messages[i].id);
    else failed.push({ id: messages[i].id, reason: (outcome.reason as Error).message });
  });
  return { confirmed, failed };
}

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
  const release = corkSocketOf(channel);
  const outcomes = messages.map(
    (message) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no confirm within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const done = (error: unknown) => {
          clearTimeout(timer);
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
  release();
  const settled = await Promise.allSettled(outcomes);
  const confirmed: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') confirmed.push(messages[i].id);
    else failed.push({ id: messages[i].id, reason: (outcome.reason as Error).message });
  });
  return { confirmed, failed };
}

/**
 * amqplib writes each message to the socket on its own, a little after `publish` returns.
 * Corking the connection's socket until those writes are done sends a round's messages in
 * one write instead of one per message. Returns what undoes it; a no-op for other channels.
 */
function corkSocketOf(channel: ConfirmChannelLike): () => void {
  const socket = (channel as { connection?: { stream?: Partial<NodeJS.WritableStream> } })
    .connection?.stream as { cork?: () => void; uncork?: () => void } | undefined;
  if (typeof socket?.cork !== 'function' || typeof socket.uncork !== 'function') {
    return () => undefined;
  }
  socket.cork();
  // amqplib moves the frames to the socket on the next turns of the event loop.
  return () => setImmediate(() => socket.uncork?.());
}

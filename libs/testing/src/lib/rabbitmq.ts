import { connect } from 'amqplib';

/**
 * The real RabbitMQ of the test machine (127.0.0.1:5672, management :15672, guest/guest):
 * vhosts a suite creates for itself (standing for tenants) and removes at the end.
 */
const AMQP_HOST = process.env.RABBITMQ_HOST ?? '127.0.0.1';
const MANAGEMENT = process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://127.0.0.1:15672';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

/** guest's URL on a vhost. */
export const vhostUrl = (vhost: string) =>
  `amqp://guest:guest@${AMQP_HOST}:5672/${encodeURIComponent(vhost)}`;

async function management(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${MANAGEMENT}${path}`, {
    method,
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status}`);
}

/** Creates a vhost guest may do everything on. */
export async function createVhost(vhost: string): Promise<void> {
  await management('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`, {});
  await management('PUT', `/api/permissions/${encodeURIComponent(vhost)}/guest`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
}

export const deleteVhost = (vhost: string) =>
  management('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`);

/** A message a capture received, decoded as the outbox relay sends it. */
export interface CapturedMessage {
  messageId: string;
  routingKey: string;
  body: Record<string, unknown>;
}

export interface ExchangeCapture {
  /** Everything received so far, in arrival order. */
  readonly messages: CapturedMessage[];
  /** Resolves once `check` holds for what was received, or rejects after `timeoutMs`. */
  until(check: (messages: CapturedMessage[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens to a topic exchange on `url` (declaring it durable, as publishers do) through an
 * exclusive queue bound to `pattern`: what a downstream consumer would receive.
 */
export async function captureExchange(
  url: string,
  exchange: string,
  pattern = '#',
): Promise<ExchangeCapture> {
  const connection = await connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, pattern);
  const messages: CapturedMessage[] = [];
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      messages.push({
        messageId: String(message.properties.messageId),
        routingKey: message.fields.routingKey,
        body: JSON.parse(message.content.toString('utf8')) as Record<string, unknown>,
      });
    },
    { noAck: true },
  );
  return {
    messages,
    async until(check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(messages)) {
        if (Date.now() > deadline)
          throw new Error(`${exchange}: expected messages did not arrive (${messages.length} got)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await connection.close();
    },
  };
}

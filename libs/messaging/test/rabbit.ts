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

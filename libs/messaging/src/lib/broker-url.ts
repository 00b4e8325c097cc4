import type { TenantRabbitSettings } from '@finplat/contracts';

/** `amqp://user:pass@host:port/<vhost>` with every part escaped (vhost `/` becomes `%2F`). */
export function amqpUrlOf(settings: TenantRabbitSettings): string {
  const user = encodeURIComponent(settings.username);
  const password = encodeURIComponent(settings.password);
  return `amqp://${user}:${password}@${settings.host}:${settings.port}/${encodeURIComponent(settings.vhost)}`;
}

/** The URL without its password, for logs. */
export function redactAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'amqp://<unparseable>';
  }
}

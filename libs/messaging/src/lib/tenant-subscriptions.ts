import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { connect, type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import { redactAmqpUrl } from './broker-url';
import { coalesceWrites } from './socket-cork';
import { isTenantGone } from './tenant-brokers';
import { assertTopology, type Topology } from './topology';

/** Runs work as one tenant (TenantRunner fits: it sets the tenant context). */
export interface TenantScopeRunner {
  run<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
}

export interface TenantSubscriptionsOptions {
  /** The queue consumed on every tenant's vhost. */
  queue: string;
  /** Declared on every tenant's vhost before consuming (idempotent, durable). */
  topology: Topology;
  /** Where a tenant's broker is (TenantBrokers.urlFor); undefined: the tenant has none. */
  urlFor(tenantId: string): Promise<string | undefined>;
  runner: TenantScopeRunner;
  /**
   * Handles one message inside the tenant context of the vhost it came from. Resolving acks
   * the message; throwing requeues it (after `retryDelayMs`), unless the tenant is gone.
   */
  handle(message: ConsumeMessage, tenantId: string): Promise<void>;
  prefetch?: number;
  retryDelayMs?: number;
  reconnectSec?: number;
}

interface Subscription {
  tenantId: string;
  url: string;
  connection: AmqpConnectionManager;
  channel: ChannelWrapper;
}

/**
 * The multi-tenant consumer: one subscription (an amqp-connection-manager connection, which
 * reconnects and re-declares by itself) per active tenant vhost. The tenant of a message is
 * the tenant whose vhost it was consumed from — set as the tenant context through the runner
 * — never a field or header of the message. `add` and `remove` follow tenants as they appear,
 * are suspended and disappear; a tenant found suspended or deleted while handling a message
 * is removed by itself.
 */
export class TenantSubscriptions {
  private readonly logger = new Logger(TenantSubscriptions.name);
  private readonly active = new Map<string, Subscription>();
  private readonly starting = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: TenantSubscriptionsOptions) {}

  /** Tenants with a subscription right now. */
  tenants(): string[] {
    return [...this.active.keys()];
  }

  has(tenantId: string): boolean {
    return this.active.has(tenantId);
  }

  /** Subscribes to the tenant's vhost; idempotent, and a no-op when it has no broker. */
  add(tenantId: string): Promise<void> {
    if (this.closed || this.active.has(tenantId)) return Promise.resolve();
    const pending = this.starting.get(tenantId);
    if (pending) return pending;
    const start = this.start(tenantId).finally(() => this.starting.delete(tenantId));
    this.starting.set(tenantId, start);
    return start;
  }

  /** Stops consuming for the tenant (suspension, deletion, new credentials). */
  async remove(tenantId: string): Promise<void> {
    await this.starting.get(tenantId)?.catch(() => undefined);
    const subscription = this.active.get(tenantId);
    if (!subscription) return;
    this.active.delete(tenantId);
    await this.stop(subscription);
  }

  /** Credentials or placement changed: drop the subscription and subscribe afresh. */
  async refresh(tenantId: string): Promise<void> {
    await this.remove(tenantId);
    await this.add(tenantId);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.starting.values()].map((p) => p.catch(() => undefined)));
    const all = [...this.active.values()];
    this.active.clear();
    await Promise.all(all.map((s) => this.stop(s)));
  }

  private async start(tenantId: string): Promise<void> {
    const url = await this.options.urlFor(tenantId);
    if (!url || this.closed) return;
    const connection = connect(null, {
      // Every (re)connection asks where the tenant's broker is now, so rotated credentials are
      // picked up by the next reconnect (the URL above only decided that there is a broker).
      findServers: async () => (await this.options.urlFor(tenantId)) ?? url,
      reconnectTimeInSeconds: this.options.reconnectSec ?? 2,
      heartbeatIntervalInSeconds: 5,
    });
    connection.on('disconnect', ({ err }: { err?: Error }) => {
      this.logger.warn(
        `tenant ${tenantId}: consumer disconnected from ${redactAmqpUrl(url)}${err ? ` (${err.message})` : ''}`,
      );
    });
    const { queue, topology } = this.options;
    const channel = connection.createChannel({
      json: false,
      setup: async (ch: Channel) => {
        await assertTopology(ch, topology);
        await ch.prefetch(this.options.prefetch ?? 20);
        await ch.consume(queue, (message) => {
          if (message) void this.deliver(tenantId, ch, message);
        });
      },
    });
    this.active.set(tenantId, { tenantId, url, connection, channel });
  }

  private async deliver(tenantId: string, ch: Channel, message: ConsumeMessage): Promise<void> {
    try {
      await this.options.runner.run(tenantId, () => this.options.handle(message, tenantId));
      coalesceWrites(ch); // the acks of messages handled together go out in one write
      safely(() => ch.ack(message));
    } catch (error) {
      if (isTenantGone(error)) {
        // Leave the message on the tenant's queue for when (if) the tenant comes back.
        this.logger.warn(`tenant ${tenantId} is gone: closing its subscription`);
        safely(() => ch.nack(message, false, true));
        void this.remove(tenantId);
        return;
      }
      this.logger.warn(
        `tenant ${tenantId}: handling message ${message.properties.messageId ?? '?'} failed: ${(error as Error).message}`,
      );
      setTimeout(
        () => safely(() => ch.nack(message, false, true)),
        this.options.retryDelayMs ?? 1_000,
      ).unref();
    }
  }

  private async stop(subscription: Subscription): Promise<void> {
    await subscription.channel.close().catch(() => undefined);
    await subscription.connection.close().catch(() => undefined);
  }
}

/** Acking on a channel that has since closed throws; the broker redelivers anyway. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // channel closed: the message is redelivered on the next connection
  }
}

import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import {
  DEFAULT_TENANT_ID,
  TENANCY_OPTIONS,
  TenantConnectionsSource,
  TenantDb,
  TenantLifecycleHooks,
  TenantRunner,
  type TenancyOptions,
} from '@finplat/tenancy';
import { TenantBrokers } from '../tenant-brokers';
import { TenantPublishers } from '../tenant-publishers';
import { TenantSubscriptions } from '../tenant-subscriptions';
import type { Topology } from '../topology';
import { OutboxMetrics } from './outbox.metrics';
import {
  DEFAULT_RELAY_TUNING,
  OUTBOX_CONSUMERS,
  OUTBOX_OPTIONS,
  type OutboxModuleOptions,
} from './outbox.options';
import type { MessageConsumer } from '../consumer/message-consumer';
import { OutboxRelay } from './outbox-relay';
import { OutboxSignal } from './outbox-signal';
import { tenantLifecycleListener, type TenantFollower } from './tenant-lifecycle.listener';

/**
 * Declared by the relay before it publishes and by each consumer before it consumes: the
 * app's exchange and every queue it consumes, all durable, so a tenant's events are queued
 * even before its consumer first connects.
 */
export function outboxTopology(options: OutboxModuleOptions): Topology {
  return {
    exchanges: [{ name: options.exchange, type: 'topic' }],
    queues: [...(options.consumers ?? []), ...(options.queues ?? [])].map((queue) => ({
      name: queue.queue,
      bindings: queue.patterns.map((pattern) => ({ exchange: options.exchange, pattern })),
    })),
  };
}

/** The distinct consumer classes of the options, in order (each is one provider). */
export function consumerClasses(options: OutboxModuleOptions) {
  return [...new Set((options.consumers ?? []).map((c) => c.consumer))];
}

/**
 * The background side of an app's outbox: the relay and the app's consumers, following the
 * same tenants. A tenant is followed from the first write this instance commits for it
 * (OutboxWriter.committed), or from the start in single-tenant mode (`default`), until it has
 * had nothing to send for MULTI_TENANT_IDLE_TIMEOUT_SEC or is let go under
 * MULTI_TENANT_MAX_TENANT_BROKERS: its broker connections then close, so they grow with the
 * tenants active now, not with every tenant this instance ever wrote for.
 * `addTenant`, `removeTenant` and `refreshTenant` are what tenant lifecycle events call
 * (activation, suspension or deletion, credential rotation).
 *
 * Runs only where the app's RUN_MODE runs workers (`workers` option), and only with a broker:
 * multi-tenant always (tenants without a vhost are skipped), single-tenant when RABBITMQ_URL
 * is set. Otherwise events stay in the outbox table.
 */
@Injectable()
export class OutboxWorkers
  implements OnApplicationBootstrap, OnApplicationShutdown, TenantFollower
{
  private readonly logger = new Logger(OutboxWorkers.name);
  readonly relay?: OutboxRelay;
  readonly subscriptions: TenantSubscriptions[] = [];
  private unsubscribe?: () => void;
  private unhook?: () => void;

  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    @Inject(TENANCY_OPTIONS) private readonly tenancy: TenancyOptions,
    source: TenantConnectionsSource,
    runner: TenantRunner,
    db: TenantDb,
    metrics: MetricsRegistry,
    /** One instance per consumer class, in the order of `consumerClasses(options)`. */
    @Inject(OUTBOX_CONSUMERS) handlers: MessageConsumer[],
    private readonly signal: OutboxSignal,
    private readonly hooks: TenantLifecycleHooks,
  ) {
    if (!this.enabled) return;
    const brokers = new TenantBrokers(source, options.rabbitmqUrl);
    const topology = outboxTopology(options);
    const classes = consumerClasses(options);
    for (const consumer of options.consumers ?? []) {
      const handler = handlers[classes.indexOf(consumer.consumer)];
      this.subscriptions.push(
        new TenantSubscriptions({
          queue: consumer.queue,
          topology,
          urlFor: (tenantId) => brokers.urlFor(tenantId),
          runner,
          handle: (message, tenantId) => handler.handle(message, tenantId),
          prefetch: consumer.prefetch,
        }),
      );
    }
    const tuning = { ...DEFAULT_RELAY_TUNING, ...options.relay };
    const outboxMetrics = new OutboxMetrics(metrics, options.exchange);
    this.relay = new OutboxRelay(
      runner,
      db,
      brokers,
      new TenantPublishers(topology),
      {
        exchange: options.exchange,
        ...tuning,
        idleMs: this.tenancy.idleTimeoutSec * 1000,
        pinned: this.tenancy.multiTenant ? [] : [DEFAULT_TENANT_ID],
        maxTenants: this.tenancy.multiTenant ? this.tenancy.maxTenantBrokers : undefined,
        onRound: (result) => outboxMetrics.round(result),
      },
      // Gone, idle or let go under the ceiling: consuming for it stops with relaying.
      (tenantId) => {
        for (const subscriptions of this.subscriptions) void subscriptions.remove(tenantId);
      },
    );
  }

  /** This instance runs workers, and there is a broker to relay to. */
  get enabled(): boolean {
    if (this.options.workers === false) return false;
    return this.tenancy.multiTenant || Boolean(this.options.rabbitmqUrl);
  }

  onApplicationBootstrap(): void {
    if (!this.relay) {
      this.logger.log(
        this.options.workers === false
          ? `RUN_MODE=api: ${this.options.exchange} events are relayed by a worker instance`
          : `RABBITMQ_URL is unset: ${this.options.exchange} events stay in the outbox table`,
      );
      return;
    }
    this.relay.start();
    for (const tenantId of this.relay.tenants()) this.follow(tenantId);
    this.unsubscribe = this.signal.subscribe((tenantId) => {
      this.relay?.nudge(tenantId);
      this.follow(tenantId);
    });
    // Suspension, deletion, new credentials or placement (events and revalidation alike).
    this.unhook = this.hooks.onTenantChanged(tenantLifecycleListener(this));
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    this.unhook?.();
    await this.relay?.stop();
    await Promise.all(this.subscriptions.map((s) => s.closeAll()));
  }

  /** Whether this instance relays or consumes for the tenant right now. */
  follows(tenantId: string): boolean {
    return Boolean(
      this.relay?.tenants().includes(tenantId) || this.subscriptions.some((s) => s.has(tenantId)),
    );
  }

  /** A tenant this instance serves: relay its outbox and consume its vhost. */
  addTenant(tenantId: string): void {
    this.relay?.track(tenantId);
    this.follow(tenantId);
  }

  /** Suspended or deleted: stop relaying and consuming (its rows and messages wait). */
  async removeTenant(tenantId: string): Promise<void> {
    await this.relay?.forget(tenantId);
    await Promise.all(this.subscriptions.map((s) => s.remove(tenantId)));
  }

  /** New credentials or placement: reconnect with what tenant-manager now says. */
  async refreshTenant(tenantId: string): Promise<void> {
    await this.removeTenant(tenantId);
    this.addTenant(tenantId);
  }

  private follow(tenantId: string): void {
    for (const subscriptions of this.subscriptions) {
      subscriptions.add(tenantId).catch((error: Error) => {
        this.logger.warn(`tenant ${tenantId}: consumer not started: ${error.message}`);
      });
    }
  }
}

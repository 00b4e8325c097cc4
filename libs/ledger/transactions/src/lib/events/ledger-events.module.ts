import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { TenantBrokers, TenantPublishers, TenantSubscriptions } from '@finplat/messaging';
import {
  DEFAULT_TENANT_ID,
  TENANCY_OPTIONS,
  TenantConnectionsSource,
  TenantDb,
  TenantLifecycleHooks,
  TenantRunner,
  type TenancyOptions,
} from '@finplat/tenancy';
import { OutboxSignalModule } from './outbox-signal';
import { LedgerAuditConsumer } from './audit-consumer';
import { LEDGER_AUDIT_QUEUE, LEDGER_EVENTS_TOPOLOGY } from './ledger-events.topology';
import { OutboxRelay } from './outbox-relay';
import { OutboxSignal } from './outbox-signal';
import { tenantLifecycleListener, type TenantFollower } from './tenant-lifecycle.listener';

export interface LedgerEventsOptions {
  /** RABBITMQ_URL: the broker of the single tenant `default` (single-tenant mode). */
  rabbitmqUrl?: string;
  pollMs?: number;
  batchSize?: number;
}

const LEDGER_EVENTS_OPTIONS = Symbol('LEDGER_EVENTS_OPTIONS');

/**
 * The ledger's events: the outbox relay and the audit consumer, following the same tenants.
 * `addTenant`, `removeTenant` and `refreshTenant` are what tenant lifecycle events call
 * (activation, suspension or deletion, credential rotation).
 */
@Injectable()
export class LedgerEvents implements OnApplicationBootstrap, OnApplicationShutdown, TenantFollower {
  private readonly logger = new Logger(LedgerEvents.name);
  readonly relay?: OutboxRelay;
  readonly subscriptions?: TenantSubscriptions;
  private unsubscribe?: () => void;
  private unhook?: () => void;

  constructor(
    @Inject(LEDGER_EVENTS_OPTIONS) private readonly options: LedgerEventsOptions,
    @Inject(TENANCY_OPTIONS) private readonly tenancy: TenancyOptions,
    source: TenantConnectionsSource,
    runner: TenantRunner,
    db: TenantDb,
    private readonly signal: OutboxSignal,
    private readonly hooks: TenantLifecycleHooks,
  ) {
    if (!this.enabled) return;
    const brokers = new TenantBrokers(source, options.rabbitmqUrl);
    const audit = new LedgerAuditConsumer(db);
    this.subscriptions = new TenantSubscriptions({
      queue: LEDGER_AUDIT_QUEUE,
      topology: LEDGER_EVENTS_TOPOLOGY,
      urlFor: (tenantId) => brokers.urlFor(tenantId),
      runner,
      handle: (message) => audit.handle(message),
      // Deliveries in flight together are recorded in one statement (LedgerAuditConsumer).
      prefetch: 100,
    });
    this.relay = new OutboxRelay(
      runner,
      db,
      brokers,
      new TenantPublishers(LEDGER_EVENTS_TOPOLOGY),
      {
        pollMs: options.pollMs ?? 200,
        idlePollMs: 5_000,
        batchSize: options.batchSize ?? 100,
        nudgeDelayMs: 50,
        failureBackoffMs: 1_000,
        idleMs: tenancy.idleTimeoutSec * 1000,
        pinned: tenancy.multiTenant ? [] : [DEFAULT_TENANT_ID],
      },
      (tenantId) => void this.subscriptions?.remove(tenantId),
    );
  }

  /** Multi-tenant: always (tenants without a vhost are skipped); single: when RABBITMQ_URL is set. */
  get enabled(): boolean {
    return this.tenancy.multiTenant || Boolean(this.options.rabbitmqUrl);
  }

  onApplicationBootstrap(): void {
    if (!this.relay) {
      this.logger.log('RABBITMQ_URL is unset: ledger events stay in the outbox table');
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
    await this.subscriptions?.closeAll();
  }

  /** Whether this instance relays or consumes for the tenant right now. */
  follows(tenantId: string): boolean {
    return Boolean(this.relay?.tenants().includes(tenantId) || this.subscriptions?.has(tenantId));
  }

  /** A tenant this instance serves: relay its outbox and consume its vhost. */
  addTenant(tenantId: string): void {
    this.relay?.track(tenantId);
    this.follow(tenantId);
  }

  /** Suspended or deleted: stop relaying and consuming (its rows and messages wait). */
  async removeTenant(tenantId: string): Promise<void> {
    await this.relay?.forget(tenantId);
    await this.subscriptions?.remove(tenantId);
  }

  /** New credentials or placement: reconnect with what tenant-manager now says. */
  async refreshTenant(tenantId: string): Promise<void> {
    await this.removeTenant(tenantId);
    this.addTenant(tenantId);
  }

  private follow(tenantId: string): void {
    this.subscriptions?.add(tenantId).catch((error: Error) => {
      this.logger.warn(`tenant ${tenantId}: consumer not started: ${error.message}`);
    });
  }
}

@Module({})
export class LedgerEventsModule {
  static forRoot(options: LedgerEventsOptions): DynamicModule {
    return {
      module: LedgerEventsModule,
      imports: [OutboxSignalModule],
      providers: [{ provide: LEDGER_EVENTS_OPTIONS, useValue: options }, LedgerEvents],
      exports: [LedgerEvents],
    };
  }
}

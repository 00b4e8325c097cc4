import type { ModuleMetadata, Type } from '@nestjs/common';
import type { MessageConsumer } from '../consumer/message-consumer';

/** One queue an app consumes on every tenant's vhost, bound to the app's exchange. */
export interface OutboxConsumerOptions {
  /** Durable queue name, the same on every tenant's vhost. */
  queue: string;
  /** Routing-key patterns of the exchange the queue is bound to (`transaction.#`). */
  patterns: string[];
  /** The provider that handles each message (OutboxModule registers and injects it). */
  consumer: Type<MessageConsumer>;
  /** Unacknowledged deliveries at once, per tenant (default 20). */
  prefetch?: number;
}

/** How the relay polls and batches (defaults: what the ledger was tuned with, decision 0014). */
export interface OutboxRelayTuning {
  /** How often a tenant with events left (or a failed round) is polled; default 200 ms. */
  pollMs: number;
  /** How often a tenant whose outbox was empty is polled anyway; default 5 s. */
  idlePollMs: number;
  /** Rows per round and tenant; default 100. */
  batchSize: number;
  /** How long a nudge waits so that close commits share a round; default 50 ms. */
  nudgeDelayMs: number;
  /** After a broker failure, how long a tenant waits; default 1 s. */
  failureBackoffMs: number;
}

export const DEFAULT_RELAY_TUNING: OutboxRelayTuning = {
  pollMs: 200,
  idlePollMs: 5_000,
  batchSize: 100,
  nudgeDelayMs: 50,
  failureBackoffMs: 1_000,
};

export interface OutboxModuleOptions {
  /** The app's topic exchange, declared durable on every tenant's vhost. */
  exchange: string;
  /** Every event type (routing key) the app may enqueue; anything else is refused. */
  eventTypes: readonly string[];
  /** RABBITMQ_URL: the broker of the single tenant `default` (single-tenant mode). */
  rabbitmqUrl?: string;
  /** Queues this app consumes from its own exchange. */
  consumers?: OutboxConsumerOptions[];
  /**
   * Queues declared and bound like the consumers' but consumed by no one here (a dead-letter
   * queue that operators read): declared before the relay publishes, so nothing routed to
   * them is dropped.
   */
  queues?: Omit<OutboxConsumerOptions, 'consumer' | 'prefetch'>[];
  /** Modules whose exports the consumers inject (global providers need none). */
  imports?: ModuleMetadata['imports'];
  relay?: Partial<OutboxRelayTuning>;
  /**
   * Whether this instance runs the relay and the consumers (RUN_MODE `worker` or `all`).
   * False (`api`): it only writes events; another instance relays them. Default true.
   */
  workers?: boolean;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');
export const OUTBOX_CONSUMERS = Symbol('OUTBOX_CONSUMERS');

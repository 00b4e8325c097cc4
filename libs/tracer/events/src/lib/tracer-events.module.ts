import { DynamicModule, Global, Module } from '@nestjs/common';
import { OutboxModule, type OutboxRelayTuning } from '@finplat/messaging';
import { TRACER_OUTBOX, TracerEvents } from './tracer-events';

export interface TracerEventsOptions {
  /** RABBITMQ_URL: the broker of the single tenant `default` (single-tenant mode). */
  rabbitmqUrl?: string;
  relay?: Partial<OutboxRelayTuning>;
  /** RUN_MODE runs the relay here; default true. */
  workers?: boolean;
}

/**
 * Tracer's events on the shared OutboxModule (decisions 0016, 0024): exchange `tracer.events`
 * with the rule, limit and validation event types, relayed to each tenant's vhost (or
 * RABBITMQ_URL in single-tenant mode). Tracer consumes none of them itself.
 */
@Global()
@Module({})
export class TracerEventsModule {
  static forRoot(options: TracerEventsOptions): DynamicModule {
    return {
      module: TracerEventsModule,
      imports: [
        OutboxModule.register({
          ...TRACER_OUTBOX,
          rabbitmqUrl: options.rabbitmqUrl,
          relay: options.relay,
          workers: options.workers,
        }),
      ],
      providers: [TracerEvents],
      exports: [TracerEvents],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { OUTBOX_CONSUMERS, OUTBOX_OPTIONS, type OutboxModuleOptions } from './outbox.options';
import { OutboxSignal } from './outbox-signal';
import { consumerClasses, OutboxWorkers } from './outbox-workers';
import { OutboxWriter } from './outbox-writer';

/**
 * An app's events, declared once: its exchange and event types, the queues it consumes and
 * their consumers. Provides (globally, one registration per app) the OutboxWriter that
 * feature code enqueues with, and runs the relay and the consumers for every tenant the
 * instance serves (OutboxWorkers). The table comes from OUTBOX_MIGRATIONS, which the app
 * appends to its own migrations (decision 0016).
 *
 * ```ts
 * OutboxModule.register({
 *   exchange: 'tracer.events',
 *   eventTypes: ['rule.created', 'validation.completed'],
 *   rabbitmqUrl: config.rabbitmqUrl,
 *   consumers: [{ queue: 'tracer.audit', patterns: ['#'], consumer: TracerAuditConsumer }],
 * })
 * ```
 */
@Module({})
export class OutboxModule {
  static register(options: OutboxModuleOptions): DynamicModule {
    const consumers = consumerClasses(options);
    return {
      module: OutboxModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: OUTBOX_OPTIONS, useValue: options },
        OutboxSignal,
        OutboxWriter,
        ...consumers,
        {
          provide: OUTBOX_CONSUMERS,
          useFactory: (...handlers: unknown[]) => handlers,
          inject: consumers,
        },
        OutboxWorkers,
      ],
      exports: [OutboxWriter, OutboxWorkers],
    };
  }
}

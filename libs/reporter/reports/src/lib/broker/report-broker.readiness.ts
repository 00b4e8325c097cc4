import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { connect } from 'amqplib';
import { redactAmqpUrl } from '@finplat/messaging';
import { ReadinessRegistry } from '@finplat/platform';
import { REPORTS_OPTIONS, type ReportsOptions } from '../reports.options';

/** How long the check waits for the handshake (under /readyz's own 2 s per check). */
const CONNECT_TIMEOUT_MS = 1_500;

/**
 * Single-tenant with RABBITMQ_URL, /readyz names the broker the report jobs travel through.
 * Down, it is `degraded`, not a failure: reports are still accepted (the outbox keeps their
 * messages) and the PostgreSQL poller builds them after REPORT_BROKER_FALLBACK_SEC (decision
 * 0034). Multi-tenant, each tenant has its own vhost and no one broker to name.
 */
@Injectable()
export class ReportBrokerReadiness implements OnModuleInit {
  constructor(
    @Inject(REPORTS_OPTIONS) private readonly options: ReportsOptions,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    const url = this.options.rabbitmqUrl;
    if (this.options.multiTenant || !url) return;
    this.readiness.register('broker', async () => {
      try {
        const connection = await connect(url, { timeout: CONNECT_TIMEOUT_MS });
        await connection.close().catch(() => undefined);
        return undefined;
      } catch (error) {
        return {
          degraded: `RabbitMQ at ${redactAmqpUrl(url)} cannot be reached (${(error as Error).message}); report jobs wait in the outbox and are claimed from PostgreSQL after REPORT_BROKER_FALLBACK_SEC`,
        };
      }
    });
  }
}

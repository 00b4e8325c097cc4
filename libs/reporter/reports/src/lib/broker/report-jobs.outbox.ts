import { Injectable, Logger } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import {
  decodeMessage,
  isUuid,
  OutboxWriter,
  type MessageConsumer,
  type OutboxModuleOptions,
} from '@finplat/messaging';
import { newId } from '@finplat/platform';
import type { SqlStatements } from '@finplat/tenancy';
import { ReportJobQueue } from '../generation/report-job-queue';
import { ReportWorker } from '../generation/report-worker';

/** The reference Reporter's names (tracer-reporter-notes part B), on each tenant's vhost. */
export const REPORT_JOBS_EXCHANGE = 'reporter.generate-report.exchange';
export const REPORT_JOBS_QUEUE = 'reporter.generate-report.queue';
export const REPORT_JOB_KEY = 'reporter.generate-report.key';
export const REPORT_DLQ = 'reporter.dlq';

/** A job message: the report to build (the tenant is the vhost's, never the message's). */
export interface ReportJobMessage {
  id: string;
  reportId: string;
}

/** A dead letter: the report that ended in Error, and why. */
export interface ReportDeadLetter extends ReportJobMessage {
  reason: string;
  failedAt: string;
}

/** Report jobs over the outbox: written in the caller's transaction, relayed by OutboxModule. */
@Injectable()
export class OutboxReportJobQueue extends ReportJobQueue {
  override readonly viaBroker = true;

  constructor(private readonly outbox: OutboxWriter) {
    super();
  }

  override async enqueue(m: SqlStatements, reportId: string): Promise<void> {
    const payload: ReportJobMessage = { id: newId(), reportId };
    await this.outbox.enqueue(m, {
      id: payload.id,
      type: REPORT_JOB_KEY,
      aggregateId: reportId,
      payload,
    });
  }

  override async deadLetter(m: SqlStatements, reportId: string, reason: string): Promise<void> {
    const payload: ReportDeadLetter = {
      id: newId(),
      reportId,
      reason,
      failedAt: new Date().toISOString(),
    };
    await this.outbox.enqueue(m, {
      id: payload.id,
      type: REPORT_DLQ,
      aggregateId: reportId,
      payload,
    });
  }

  override committed(): void {
    this.outbox.committed();
  }
}

/**
 * Consumes `reporter.generate-report.queue`: builds the named report with the same worker code
 * as the PostgreSQL poller (ReportWorker.runOne claims the job first, so a report already
 * Finished or Error, or being built elsewhere, is skipped and the message acked). A database
 * outage throws, so the message is requeued.
 */
@Injectable()
export class ReportJobConsumer implements MessageConsumer {
  private readonly logger = new Logger(ReportJobConsumer.name);

  constructor(private readonly worker: ReportWorker) {}

  async handle(message: ConsumeMessage, tenantId: string): Promise<void> {
    const reportId = decodeMessage<ReportJobMessage>(message)?.body.reportId;
    if (!isUuid(reportId)) {
      this.logger.warn(`tenant ${tenantId}: dropped a job message without a report id`);
      return;
    }
    const outcome = await this.worker.runOne(tenantId, reportId);
    this.logger.debug(`report ${reportId}: ${outcome} (broker)`);
  }
}

/** The OutboxModule registration of report jobs (decision 0034). */
export function reportJobsOutbox(
  rabbitmqUrl: string | undefined,
  workers: boolean,
): OutboxModuleOptions {
  return {
    exchange: REPORT_JOBS_EXCHANGE,
    eventTypes: [REPORT_JOB_KEY, REPORT_DLQ],
    rabbitmqUrl,
    workers,
    consumers: [
      { queue: REPORT_JOBS_QUEUE, patterns: [REPORT_JOB_KEY], consumer: ReportJobConsumer },
    ],
    queues: [{ queue: REPORT_DLQ, patterns: [REPORT_DLQ] }],
  };
}

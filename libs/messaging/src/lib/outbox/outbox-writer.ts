import { Inject, Injectable } from '@nestjs/common';
import {
  SqlParams,
  TenantContext,
  type RecordsetColumn,
  type SqlStatements,
} from '@finplat/tenancy';
import { OutboxSignal } from './outbox-signal';
import { OUTBOX_OPTIONS, type OutboxModuleOptions } from './outbox.options';

/** One event to publish: stored in the outbox, sent as one persistent message. */
export interface OutboxEvent {
  /** Event id (uuid): the AMQP `messageId`, the consumers' dedupe key. */
  id: string;
  /** The routing key: one of the module's `eventTypes`. */
  type: string;
  /** The entity the event is about (uuid), for looking events up. */
  aggregateId: string;
  /** The message body, JSON-safe (amounts as decimal strings): published as stored. */
  payload: unknown;
}

/** Columns of an outbox row, as an insert sends them (see SqlParams.recordset). */
const OUTBOX_COLUMNS: Record<string, RecordsetColumn<OutboxEvent>> = {
  id: ['uuid', (e) => e.id],
  aggregate_id: ['uuid', (e) => e.aggregateId],
  event_type: ['text', (e) => e.type],
  payload: ['jsonb', (e) => e.payload],
};

/**
 * How an app puts events in its outbox: in the caller's own database transaction (or
 * statement), so an event exists exactly when the change it reports does. After that
 * transaction commits, `committed()` nudges the relay so the events go out at once instead
 * of at the next poll.
 */
@Injectable()
export class OutboxWriter {
  private readonly eventTypes: ReadonlySet<string>;

  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    private readonly signal: OutboxSignal,
  ) {
    this.eventTypes = new Set(options.eventTypes);
  }

  /** The exchange the events go to. */
  get exchange(): string {
    return this.options.exchange;
  }

  /**
   * Writes events with `m`: the EntityManager of the caller's `TenantDb.transaction`, or its
   * `TenantDb.statements`. One statement, however many events.
   */
  async enqueue(m: SqlStatements, events: OutboxEvent | readonly OutboxEvent[]): Promise<void> {
    const list: readonly OutboxEvent[] = Array.isArray(events) ? events : [events as OutboxEvent];
    if (list.length === 0) return;
    const p = new SqlParams();
    await m.query(this.insertSql(p, list), p.values);
  }

  /**
   * The INSERT of `events` with its parameters added to `p`, for a caller that writes
   * everything in one statement (a data-modifying CTE, `name AS (…)`). `where` (e.g. a guard
   * that the rest of the statement applied) filters the rows inserted. Returns `id`.
   */
  insertSql(
    p: SqlParams,
    events: readonly OutboxEvent[],
    options: { where?: string } = {},
  ): string {
    for (const event of events) this.check(event);
    const rows = p.recordset(events, OUTBOX_COLUMNS, 'e');
    return `INSERT INTO outbox (${rows.names})
        SELECT ${rows.names} FROM ${rows.from}
        ${options.where ?? ''}
        RETURNING id`;
  }

  /** The caller's transaction committed: relay the tenant's outbox now (default: current tenant). */
  committed(tenantId: string | undefined = TenantContext.currentOrUndefined()?.tenantId): void {
    if (tenantId) this.signal.notify(tenantId);
  }

  private check(event: OutboxEvent): void {
    // A programming error, not bad input: the app declares every type it publishes.
    if (!this.eventTypes.has(event.type))
      throw new Error(
        `outbox ${this.options.exchange}: event type ${JSON.stringify(event.type)} is not one of the module's eventTypes`,
      );
  }
}

import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { SqlFilter, toPage, TracerErrors } from '@finplat/tracer-domain';
import {
  toAuditEventResponse,
  type AuditEventResponse,
  type AuditEventRow,
  type HashChainVerificationResponse,
  type ListAuditEventsResponse,
} from './audit-event.response';
import {
  AUDIT_CURSORS,
  parseAuditEventsQuery,
  type AuditSortColumn,
  type ListAuditEventsQueryDto,
} from './list-audit-events.query';

const SORT_COLUMNS: Record<AuditSortColumn, { sql: string; cast: string }> = {
  created_at: { sql: 'created_at', cast: 'timestamptz' },
  event_type: { sql: 'event_type', cast: 'text' },
};

export const auditEventNotFound = (id: string) =>
  new DomainError(TracerErrors.AUDIT_EVENT_NOT_FOUND, `No audit event with id ${id} was found.`, {
    entityType: 'AuditEvent',
  });

/** Reads and verifies the current tenant's audit trail. */
@Injectable()
export class AuditEventsService {
  constructor(private readonly db: TenantDb) {}

  async list(query: ListAuditEventsQueryDto): Promise<ListAuditEventsResponse> {
    const filter = parseAuditEventsQuery(query);
    const sql = new SqlFilter()
      .within(filter)
      .where(filter.eventType, (p) => `event_type = ${p}`)
      .where(filter.action, (p) => `action = ${p}`)
      .where(filter.result, (p) => `result = ${p}`)
      .where(filter.resourceType, (p) => `resource_type = ${p}`)
      .where(filter.resourceId, (p) => `resource_id = ${p}`)
      .where(filter.actorType, (p) => `actor_type = ${p}`)
      .where(filter.actorId, (p) => `actor_id = ${p}`)
      .where(filter.accountId, (p) => `context #>> '{request,account,accountId}' = ${p}`)
      .where(filter.segmentId, (p) => `context #>> '{request,segment,segmentId}' = ${p}`)
      .where(filter.portfolioId, (p) => `context #>> '{request,portfolio,portfolioId}' = ${p}`)
      .where(filter.transactionType, (p) => `context #>> '{request,transactionType}' = ${p}`)
      .where(filter.matchedRuleId, (p) => `context #> '{response,matchedRuleIds}' ? ${p}`);
    const tail = sql.page(filter, SORT_COLUMNS, { sql: 'id', cast: 'bigint' });
    const rows = await this.db.transaction((m) =>
      m.query<AuditEventRow[]>(`SELECT * FROM audit_events ${tail}`, sql.params),
    );
    const page = toPage(rows, filter, AUDIT_CURSORS, (last) => ({
      sortBy: filter.sortBy,
      sortOrder: filter.sortOrder,
      value: filter.sortBy === 'created_at' ? last.created_at.toISOString() : last.event_type,
      id: last.id,
    }));
    return {
      auditEvents: page.items.map(toAuditEventResponse),
      hasMore: page.hasMore,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async get(eventId: string): Promise<AuditEventResponse> {
    return toAuditEventResponse(await this.require(eventId));
  }

  /**
   * Recomputes the chain from the first event up to this one; when this is the newest
   * event, also checks the chain against its anchor, which detects a removed tail.
   */
  async verify(eventId: string): Promise<HashChainVerificationResponse> {
    return this.db.transaction(async (m) => {
      const event = await this.require(eventId);
      const [head] = await m.query<{ last_id: string }[]>('SELECT last_id FROM audit_chain_head');
      // Verifying the newest event the tenant has left covers the anchor too, even if the
      // events after it were removed.
      const [latest] = await m.query<{ id: string }[]>(
        'SELECT max(id)::text AS id FROM audit_events',
      );
      const upTo = latest.id === event.id ? head.last_id : event.id;
      const [result] = await m.query<
        {
          is_valid: boolean;
          first_invalid_id: string | null;
          total_checked: string;
          message: string;
        }[]
      >('SELECT * FROM verify_audit_chain($1)', [upTo]);
      return {
        isValid: result.is_valid,
        totalChecked: Number(result.total_checked),
        ...(result.first_invalid_id === null
          ? {}
          : { firstInvalidId: Number(result.first_invalid_id) }),
        message: result.message,
      };
    });
  }

  private async require(eventId: string): Promise<AuditEventRow> {
    const [row] = await this.db.transaction((m) =>
      m.query<AuditEventRow[]>('SELECT * FROM audit_events WHERE event_id = $1', [eventId]),
    );
    if (!row) throw auditEventNotFound(eventId);
    return row;
  }
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Actor' })
export class ActorResponse {
  @ApiProperty({ example: 'user', enum: ['user', 'system', 'api_key'] })
  actorType: string;

  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional()
  role?: string;

  @ApiProperty({ example: '203.0.113.42' })
  ipAddress: string;
}

/** One audit event (Tracer's `AuditEvent`). */
@ApiSchema({ name: 'AuditEvent' })
export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'TRANSACTION_VALIDATED' })
  eventType: string;

  @ApiProperty({ example: 'VALIDATE' })
  action: string;

  @ApiProperty({ example: 'ALLOW' })
  result: string;

  @ApiProperty()
  resourceId: string;

  @ApiProperty({ example: 'transaction' })
  resourceType: string;

  @ApiProperty({ type: ActorResponse })
  actor: ActorResponse;

  @ApiProperty({ type: 'object', additionalProperties: true })
  context: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Record<string, unknown>;

  @ApiProperty({ description: 'SHA-256 of this event and the hash before it' })
  hash: string;

  @ApiProperty({ description: "The previous event's hash (GENESIS for the first)" })
  previousHash: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'ListAuditEventsResponse' })
export class ListAuditEventsResponse {
  @ApiProperty({ type: [AuditEventResponse] })
  auditEvents: AuditEventResponse[];

  @ApiPropertyOptional()
  nextCursor?: string;

  @ApiProperty()
  hasMore: boolean;
}

@ApiSchema({ name: 'HashChainVerificationResult' })
export class HashChainVerificationResponse {
  @ApiProperty()
  isValid: boolean;

  @ApiProperty({ type: 'integer', format: 'int64' })
  totalChecked: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    description: 'Position in the chain (1 = first event) of the first event that fails',
  })
  firstInvalidId?: number;

  @ApiProperty({ example: 'hash chain intact' })
  message: string;
}

export interface AuditEventRow {
  id: string;
  event_id: string;
  event_type: string;
  action: string;
  result: string;
  resource_type: string;
  resource_id: string;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  actor_role: string | null;
  actor_ip_address: string;
  context: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created_at: Date;
  previous_hash: string;
  hash: string;
}

export function toAuditEventResponse(row: AuditEventRow): AuditEventResponse {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    action: row.action,
    result: row.result,
    resourceId: row.resource_id,
    resourceType: row.resource_type,
    actor: {
      actorType: row.actor_type,
      id: row.actor_id,
      name: row.actor_name,
      ...(row.actor_role ? { role: row.actor_role } : {}),
      ipAddress: row.actor_ip_address,
    },
    context: row.context,
    metadata: row.metadata,
    hash: row.hash,
    previousHash: row.previous_hash,
    createdAt: row.created_at.toISOString(),
  };
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorQueryDto } from '@finplat/ledger-domain';

/** An empty body provisions; `rotate: true` adds a key version (the new primary). */
export class ProvisionEncryptionDto {
  @ApiPropertyOptional({
    default: false,
    description: 'add a new data-key version; older versions stay readable (no re-indexing)',
  })
  @IsOptional()
  @IsBoolean()
  rotate?: boolean;
}

/** Midaz's ProvisionEncryptionResponse. */
export interface ProvisionEncryptionResponse {
  organization_id: string;
  kek_path: string;
  aead_primary_key_id: number;
  prf_primary_key_id: number;
  status: string;
}

/** Midaz's ProvisioningStatusResponse. */
export interface ProvisioningStatusResponse {
  organization_id: string;
  provisioned: boolean;
  status: string;
}

export const AUDIT_OUTCOMES = ['success', 'failure', 'already_exists'] as const;

/** Newest first by default, 20 a page, as Midaz's protection audit. */
export class ListAuditEventsQueryDto extends CursorQueryDto {
  override limit = 20;
  override sort_order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ enum: ['provision', 'rotate'] })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: string;
}

/** Midaz's AuditEventResponse. */
export interface AuditEventResponse {
  id: string;
  action: string;
  actor: string;
  outcome: string;
  reason: string;
  from_status: string;
  to_status: string;
  timestamp: string;
  request_id: string;
}

/** Midaz's AuditEventsEnvelope; a cursor is omitted when there is no such page. */
export interface AuditEventsEnvelope {
  organization_id: string;
  items: AuditEventResponse[];
  limit: number;
  next_cursor?: string;
  prev_cursor?: string;
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { LIFECYCLE_STATUSES, ScopeDto, type Scope } from '@finplat/tracer-domain';
import { LIMIT_TYPES, resetAt } from '../limit-periods';
import type { Limit } from '../limit.entity';

@ApiSchema({ name: 'Limit' })
export class LimitResponse {
  @ApiProperty({ format: 'uuid' }) limitId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) description: string | null;
  @ApiProperty({ enum: LIMIT_TYPES }) limitType: string;
  @ApiProperty({ example: '1000.00' }) maxAmount: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: [ScopeDto] }) scopes: Scope[];
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) status: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) activeTimeStart: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) activeTimeEnd: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  customStartDate: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  customEndDate: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  resetAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  deletedAt: string | null;
}

@ApiSchema({ name: 'ListLimitsResponse' })
export class ListLimitsResponse {
  @ApiProperty({ type: [LimitResponse] }) limits: LimitResponse[];
  @ApiPropertyOptional() nextCursor?: string;
  @ApiProperty() hasMore: boolean;
}

@ApiSchema({ name: 'UsageSnapshot' })
export class UsageSnapshotResponse {
  @ApiProperty({ format: 'uuid' }) limitId: string;
  @ApiProperty({ example: '1000.00' }) limitAmount: string;
  @ApiProperty({ example: '500.00', description: 'used plus held by open reservations' })
  currentUsage: string;
  @ApiProperty({ type: 'number', format: 'double', example: 50 }) utilizationPercent: number;
  @ApiProperty({ description: 'utilization above 80 %' }) nearLimit: boolean;
  @ApiPropertyOptional({ type: 'string', format: 'date-time' }) resetAt?: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toLimitResponse(limit: Limit, now = new Date()): LimitResponse {
  return {
    limitId: limit.id,
    name: limit.name,
    description: limit.description,
    limitType: limit.limitType,
    maxAmount: limit.maxAmount,
    currency: limit.currency,
    scopes: limit.scopes,
    status: limit.status,
    activeTimeStart: limit.activeTimeStart,
    activeTimeEnd: limit.activeTimeEnd,
    customStartDate: iso(limit.customStartDate),
    customEndDate: iso(limit.customEndDate),
    resetAt: iso(resetAt(limit, now)),
    createdAt: limit.createdAt.toISOString(),
    updatedAt: limit.updatedAt.toISOString(),
    deletedAt: iso(limit.deletedAt),
  };
}

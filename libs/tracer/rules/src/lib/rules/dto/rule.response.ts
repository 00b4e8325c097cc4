import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  LIFECYCLE_STATUSES,
  ScopeDto,
  type LifecycleStatus as RuleStatus,
  type Scope,
} from '@finplat/tracer-domain';
import { RULE_ACTIONS, type RuleAction, type RuleEntity } from '../rule.entity';

/** A rule as the API shows it (Tracer's `Rule` schema). */
@ApiSchema({ name: 'Rule' })
export class RuleResponse {
  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ maxLength: 255 })
  name: string;

  @ApiProperty({ type: 'string', nullable: true })
  description: string | null;

  @ApiProperty()
  expression: string;

  @ApiProperty({ enum: RULE_ACTIONS })
  action: RuleAction;

  @ApiProperty({ type: [ScopeDto] })
  scopes: Scope[];

  @ApiProperty({ enum: LIFECYCLE_STATUSES })
  status: RuleStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  activatedAt: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  deactivatedAt: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  deletedAt: string | null;
}

/** One page of rules (Tracer's `ListRulesResponse`). */
@ApiSchema({ name: 'ListRulesResponse' })
export class ListRulesResponse {
  @ApiProperty({ type: [RuleResponse] })
  rules: RuleResponse[];

  @ApiPropertyOptional({
    description: 'Present when hasMore: pass it as `cursor` for the next page',
  })
  nextCursor?: string;

  @ApiProperty()
  hasMore: boolean;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toRuleResponse(entity: RuleEntity): RuleResponse {
  return {
    ruleId: entity.id,
    name: entity.name,
    description: entity.description,
    expression: entity.expression,
    action: entity.action,
    scopes: entity.scopes,
    status: entity.status,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    activatedAt: iso(entity.activatedAt),
    deactivatedAt: iso(entity.deactivatedAt),
    deletedAt: iso(entity.deletedAt),
  };
}

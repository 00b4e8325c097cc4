import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RULE_ACTIONS, type RuleAction } from '../rule.entity';
import {
  RULE_DESCRIPTION_MAX,
  RULE_EXPRESSION_MAX,
  RULE_NAME_MAX,
  RULE_SCOPES_MAX,
} from './create-rule.dto';
import { ScopeDto } from '@finplat/tracer-domain';

/** Validates a field only when it is sent; unlike @IsOptional, an explicit null is refused. */
const IfPresent = () => ValidateIf((_object, value) => value !== undefined);

/**
 * A partial rule: only the fields sent change, and at least one must be sent (TRC-0002).
 * `description: null` clears the description; the other fields cannot be null.
 * The expression can change only while the rule is DRAFT (TRC-0104).
 */
export class UpdateRuleDto {
  @ApiPropertyOptional({ maxLength: RULE_NAME_MAX })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(RULE_NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ maxLength: RULE_DESCRIPTION_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(RULE_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ maxLength: RULE_EXPRESSION_MAX, description: 'CEL; DRAFT rules only' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @Matches(/\S/, { message: 'expression must not be blank' })
  @MaxLength(RULE_EXPRESSION_MAX)
  expression?: string;

  @ApiPropertyOptional({ enum: RULE_ACTIONS })
  @IfPresent()
  @IsIn(RULE_ACTIONS)
  action?: RuleAction;

  @ApiPropertyOptional({ type: [ScopeDto], maxItems: RULE_SCOPES_MAX })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(RULE_SCOPES_MAX)
  @ValidateNested({ each: true })
  @Type(() => ScopeDto)
  scopes?: ScopeDto[];
}

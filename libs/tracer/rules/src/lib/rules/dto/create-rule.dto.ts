import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RULE_ACTIONS, type RuleAction } from '../rule.entity';
import { ScopeDto } from '@finplat/tracer-domain';

export const RULE_NAME_MAX = 255;
export const RULE_DESCRIPTION_MAX = 1000;
export const RULE_EXPRESSION_MAX = 5000;
export const RULE_SCOPES_MAX = 100;

export class CreateRuleDto {
  @ApiProperty({ maxLength: RULE_NAME_MAX, example: 'Block high-value card purchases' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(RULE_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ maxLength: RULE_DESCRIPTION_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(RULE_DESCRIPTION_MAX)
  description?: string | null;

  @ApiProperty({
    maxLength: RULE_EXPRESSION_MAX,
    description:
      'CEL, boolean-typed. Variables: transactionType, subType, currency (string), amount (double), ' +
      'transactionTimestamp (int, Unix ns), account, segment, portfolio, merchant, metadata (map).',
    example: 'amount > 10000.0 && transactionType == "CARD"',
  })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'expression must not be blank' })
  @MaxLength(RULE_EXPRESSION_MAX)
  expression: string;

  @ApiProperty({ enum: RULE_ACTIONS, example: 'DENY' })
  @IsNotEmpty()
  @IsIn(RULE_ACTIONS)
  action: RuleAction;

  @ApiPropertyOptional({
    type: [ScopeDto],
    maxItems: RULE_SCOPES_MAX,
    description: 'Where the rule applies; none means every transaction.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RULE_SCOPES_MAX)
  @ValidateNested({ each: true })
  @Type(() => ScopeDto)
  scopes?: ScopeDto[];
}

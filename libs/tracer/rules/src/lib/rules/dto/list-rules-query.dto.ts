import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/**
 * `GET /v1/rules` parameters, as strings: parseListRulesQuery checks them and answers with
 * Tracer's pagination codes (TRC-0040…0045) or TRC-0006 naming the parameter.
 */
export class ListRulesQueryDto {
  @ApiPropertyOptional({ description: 'Filter by name (case-insensitive partial match)' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    enum: ['DRAFT', 'ACTIVE', 'INACTIVE'],
    description: 'Filter by status (DELETED not allowed)',
  })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({ enum: ['ALLOW', 'DENY', 'REVIEW'], description: 'Filter by action' })
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Rules with a scope on this account' })
  @IsOptional()
  @IsString()
  account_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Rules with a scope on this segment' })
  @IsOptional()
  @IsString()
  segment_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Rules with a scope on this portfolio' })
  @IsOptional()
  @IsString()
  portfolio_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Rules with a scope on this merchant' })
  @IsOptional()
  @IsString()
  merchant_id?: string;

  @ApiPropertyOptional({
    enum: ['CARD', 'WIRE', 'PIX', 'CRYPTO'],
    description: 'Rules with a scope on this transaction type',
  })
  @IsOptional()
  @IsString()
  transaction_type?: string;

  @ApiPropertyOptional({
    maxLength: 50,
    description: 'Rules with a scope on this sub type (case-insensitive)',
  })
  @IsOptional()
  @IsString()
  sub_type?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, type: 'integer' })
  @IsOptional()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page; empty for the first page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['created_at', 'updated_at', 'name', 'status'],
    default: 'created_at',
  })
  @IsOptional()
  @IsString()
  sort_by?: string;

  @ApiPropertyOptional({ enum: ['ASC', 'DESC'], default: 'DESC', description: 'case-insensitive' })
  @IsOptional()
  @IsString()
  sort_order?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

const optional = (description: string) => (target: object, key: string) => {
  IsOptional()(target, key);
  IsString()(target, key);
  ApiPropertyOptional({ type: 'string', description })(target, key);
};

/** `GET /v1/limits` parameters, as strings (checked by parseListLimitsQuery). */
export class ListLimitsQueryDto {
  @optional('name contains (case-insensitive)') name?: string;
  @optional('DRAFT, ACTIVE or INACTIVE') status?: string;
  @optional('DAILY, WEEKLY, MONTHLY, CUSTOM or PER_TRANSACTION') limit_type?: string;
  @optional('scope account (UUID)') account_id?: string;
  @optional('scope segment (UUID)') segment_id?: string;
  @optional('scope portfolio (UUID)') portfolio_id?: string;
  @optional('scope merchant (UUID)') merchant_id?: string;
  @optional('scope transaction type') transaction_type?: string;
  @optional('scope sub type (case-insensitive)') sub_type?: string;
  @optional('1-100, default 10') limit?: string;
  @optional('nextCursor of the previous page') cursor?: string;
  @optional('created_at, updated_at, name, max_amount') sort_by?: string;
  @optional('ASC or DESC') sort_order?: string;
}

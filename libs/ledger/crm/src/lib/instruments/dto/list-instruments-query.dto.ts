import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@finplat/platform';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RELATED_PARTY_ROLES } from './instrument-blocks.dto';

const exact = (max: number, description: string) =>
  function (target: object, key: string) {
    ApiPropertyOptional({ description })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };

export class ListInstrumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_deleted?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  holder_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  account_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ledger_id?: string;

  @exact(100, 'exact holder document (search token)') document?: string;
  @exact(50, 'exact branch') banking_details_branch?: string;
  @exact(50, 'exact account number (search token)') banking_details_account?: string;
  @exact(34, 'exact IBAN (search token)') banking_details_iban?: string;
  @exact(100, 'exact participant document (search token)')
  regulatory_fields_participant_document?: string;
  @exact(100, 'exact related-party document (search token)') related_party_document?: string;

  @ApiPropertyOptional({ enum: RELATED_PARTY_ROLES })
  @IsOptional()
  @IsIn(RELATED_PARTY_ROLES)
  related_party_role?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { StatusDto } from '../../common/status.dto';
import { ALIAS_MAX_LENGTH } from '../account-rules';

/** `skip.holder`: open without a holder where the ledger requires one and allows the skip. */
export class AccountSkipDto {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  holder?: boolean;
}

export class CreateAccountDto {
  @ApiProperty({ maxLength: 100, example: 'BRL', description: 'an asset of the ledger' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  assetCode: string;

  @ApiProperty({ maxLength: 256, example: 'deposit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  type: string;

  @ApiPropertyOptional({ maxLength: 256, description: 'default "<assetCode> <type> account"' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string | null;

  /** Characters and the reserved prefix are checked by the service (0096 / 400 on `alias`). */
  @ApiPropertyOptional({
    maxLength: ALIAS_MAX_LENGTH,
    pattern: '^[a-zA-Z0-9@:_-]+$',
    example: '@treasury_checking',
    description: 'unique in the ledger; defaults to the account id',
  })
  @IsOptional()
  @IsString()
  @MaxLength(ALIAS_MAX_LENGTH)
  alias?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'an account of the same asset' })
  @IsOptional()
  @IsUUID()
  parentAccountId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  portfolioId?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  segmentId?: string | null;

  @ApiPropertyOptional({ maxLength: 256, description: 'defaults to the portfolio entityId' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  entityId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a CRM holder of the organization; defaults to the organization’s self-holder',
  })
  @IsOptional()
  @IsUUID()
  holderId?: string | null;

  @ApiPropertyOptional({ type: AccountSkipDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountSkipDto)
  skip?: AccountSkipDto;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;

  @ApiPropertyOptional({ type: StatusDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusDto)
  status?: StatusDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

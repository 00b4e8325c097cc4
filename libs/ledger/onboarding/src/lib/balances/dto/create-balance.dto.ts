import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BalanceSettingsDto } from './balance-settings.dto';

export const BALANCE_KEY_MAX_LENGTH = 100;

/** An additional balance of an account (`POST …/accounts/{id}/balances`). */
export class CreateBalanceDto {
  @ApiProperty({
    maxLength: BALANCE_KEY_MAX_LENGTH,
    example: 'asset-freeze',
    description: 'unique per account, no whitespace; stored lower case',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(BALANCE_KEY_MAX_LENGTH)
  @Matches(/^\S+$/, { message: 'key must not contain whitespace' })
  key: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allowSending?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allowReceiving?: boolean;

  @ApiPropertyOptional({ type: BalanceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BalanceSettingsDto)
  settings?: BalanceSettingsDto;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

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
}

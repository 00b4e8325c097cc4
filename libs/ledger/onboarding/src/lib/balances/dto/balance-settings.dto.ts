import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString } from 'class-validator';

/** A balance's overdraft settings (`settings` of create and PATCH); unnamed fields keep their value. */
export class BalanceSettingsDto {
  @ApiPropertyOptional({
    enum: ['transactional'],
    description: 'internal balances are the ledger’s own',
  })
  @IsOptional()
  @IsString()
  balanceScope?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allowOverdraft?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  overdraftLimitEnabled?: boolean;

  @ApiPropertyOptional({
    example: '1000.00',
    description: 'decimal string ≥ 0; required when the limit is enabled',
  })
  @IsOptional()
  overdraftLimit?: unknown;
}

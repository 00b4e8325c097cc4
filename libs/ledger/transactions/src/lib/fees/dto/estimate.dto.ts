import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { CreateTransactionDto } from '../../transactions/dto/create-transaction.dto';

export class EstimateFeesDto {
  @ApiProperty({ description: 'the ledger the transaction would post to' })
  @IsUUID()
  ledgerId: string;

  @ApiPropertyOptional({
    description: 'the package to price with; default: the one the transaction would match',
  })
  @IsOptional()
  @IsUUID()
  packageId?: string;

  @ApiProperty({ type: CreateTransactionDto, description: 'a /transactions/json body' })
  @IsDefined()
  @ValidateNested()
  @Type(() => CreateTransactionDto)
  transaction: CreateTransactionDto;
}

export interface EstimateLeg {
  accountAlias: string;
  balanceKey: string;
  amount: { asset: string; value: string };
  description?: string;
  routeId?: string;
}

/** What a transaction would pay, and the legs it would post (nothing is written). */
export interface FeeEstimateResponse {
  /** The package priced with; '' when none applies. */
  packageId: string;
  feeGroupLabel: string;
  /** A source account is in the package's waived accounts. */
  waived: boolean;
  fees: {
    name: string;
    feeLabel: string;
    amount: string;
    creditAccount: string;
    isDeductibleFrom: boolean;
    payer: string;
  }[];
  totalFees: string;
  transaction: {
    send: {
      asset: string;
      value: string;
      source: { from: EstimateLeg[] };
      distribute: { to: EstimateLeg[] };
    };
  };
}

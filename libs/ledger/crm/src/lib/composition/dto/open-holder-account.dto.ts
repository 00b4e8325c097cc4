import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, ValidateNested } from 'class-validator';
import { CreateAccountDto } from '@finplat/ledger-onboarding';
import { InstrumentDetailsDto } from '../../instruments/dto/create-instrument.dto';
import type { InstrumentResponse } from '../../instruments/dto/instrument.response';
import type { AccountResponse } from '@finplat/ledger-onboarding';

/** The account to open; its holder is the one in the path. */
export class HolderAccountDto extends OmitType(CreateAccountDto, ['holderId', 'skip'] as const) {}

/** Midaz's composition: an account for a holder and, optionally, its instrument. */
export class OpenHolderAccountDto {
  @ApiProperty({ type: HolderAccountDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => HolderAccountDto)
  account: HolderAccountDto;

  @ApiPropertyOptional({ type: InstrumentDetailsDto, description: 'omit to open no instrument' })
  @IsOptional()
  @ValidateNested()
  @Type(() => InstrumentDetailsDto)
  instrument?: InstrumentDetailsDto;
}

/** Midaz's HolderAccountResponse; `instrument` is null when none was asked for. */
export interface HolderAccountResponse {
  account: AccountResponse;
  instrument: InstrumentResponse | null;
}

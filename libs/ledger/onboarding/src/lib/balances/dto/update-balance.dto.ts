import { PartialType, PickType } from '@nestjs/swagger';
import { CreateBalanceDto } from './create-balance.dto';

/** Only the flags and settings change; any other field (amounts, key, version…) is unexpected (0053). */
export class UpdateBalanceDto extends PartialType(
  PickType(CreateBalanceDto, ['allowSending', 'allowReceiving', 'settings'] as const),
) {}

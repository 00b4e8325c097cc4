import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { CreateLimitDto } from './create-limit.dto';

/**
 * A partial limit: at least one field (TRC-0002). The type and currency of a limit are fixed
 * at creation, since its counters are kept in them.
 */
export class UpdateLimitDto extends PartialType(
  OmitType(CreateLimitDto, ['limitType', 'currency'] as const),
) {
  @ApiPropertyOptional({ description: 'null clears the description' })
  declare description?: string | null;
}

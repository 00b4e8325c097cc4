import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateHolderDto } from './create-holder.dto';

/**
 * `type` and `document` are immutable (sending one is 0053). Blocks are merged field by field;
 * metadata keys set to null are removed.
 */
export class UpdateHolderDto extends PartialType(
  OmitType(CreateHolderDto, ['type', 'document'] as const),
) {}

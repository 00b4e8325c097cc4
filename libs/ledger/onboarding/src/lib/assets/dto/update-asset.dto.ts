import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAssetDto } from './create-asset.dto';

/** `type` and `code` are immutable: sending either is an unexpected field (0053). */
export class UpdateAssetDto extends PartialType(
  OmitType(CreateAssetDto, ['type', 'code'] as const),
) {}

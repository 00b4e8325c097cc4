import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAccountTypeDto } from './create-account-type.dto';

/** `keyValue` is immutable: sending it is an unexpected field (0053). */
export class UpdateAccountTypeDto extends PartialType(
  OmitType(CreateAccountTypeDto, ['keyValue'] as const),
) {}

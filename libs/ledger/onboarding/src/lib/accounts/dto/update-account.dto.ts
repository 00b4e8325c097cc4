import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAccountDto } from './create-account.dto';

/**
 * `assetCode`, `type`, `alias`, `parentAccountId` and `holderId` are immutable: sending one is an
 * unexpected field (0053). `portfolioId` / `segmentId` set to null unlink the account.
 */
export class UpdateAccountDto extends PartialType(
  OmitType(CreateAccountDto, [
    'assetCode',
    'type',
    'alias',
    'parentAccountId',
    'holderId',
  ] as const),
) {}

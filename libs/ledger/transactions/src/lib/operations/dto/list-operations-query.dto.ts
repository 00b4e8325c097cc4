import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CursorQueryDto } from '@finplat/ledger-domain';

export class ListOperationsQueryDto extends CursorQueryDto {
  @ApiPropertyOptional({ enum: ['DEBIT', 'CREDIT', 'ON_HOLD', 'RELEASE'] })
  @IsOptional()
  @IsIn(['DEBIT', 'CREDIT', 'ON_HOLD', 'RELEASE'])
  type?: string;

  @ApiPropertyOptional({ enum: ['debit', 'credit'] })
  @IsOptional()
  @IsIn(['debit', 'credit'])
  direction?: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorQueryDto } from '@finplat/ledger-domain';

export class ListAssetRatesQueryDto extends CursorQueryDto {
  @ApiPropertyOptional({
    description: 'target asset codes, comma-separated (to=BRL,EUR) or repeated (to=BRL&to=EUR)',
    example: 'BRL,EUR',
  })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  to?: string | string[];
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class BalanceHistoryQueryDto {
  /** Required; checked by the service so that a missing date is Midaz's 0142. */
  @ApiPropertyOptional({
    description: 'the instant: yyyy-mm-dd hh:mm:ss (UTC) or RFC 3339; required, not in the future',
    example: '2024-01-15 10:30:00',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  date?: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const STATUS_CODES = ['ACTIVE', 'INACTIVE', 'PENDING', 'SUSPENDED', 'DELETED'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export class StatusDto {
  @ApiProperty({ enum: STATUS_CODES, example: 'ACTIVE' })
  @IsString()
  @IsIn(STATUS_CODES)
  code: StatusCode;

  @ApiPropertyOptional({ maxLength: 256, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string | null;
}

export interface Status {
  code: string;
  description: string | null;
}

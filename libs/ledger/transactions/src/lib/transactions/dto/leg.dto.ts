import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export const MAX_LEGS_PER_SIDE = 500;

export class AmountDto {
  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsString()
  asset?: string;

  @ApiProperty({ example: '100.00', description: 'decimal string' })
  @IsDefined()
  value: unknown;
}

export class ShareDto {
  @ApiProperty({ example: 50 })
  @IsDefined()
  percentage: unknown;

  @ApiPropertyOptional({ example: 100 })
  @IsOptional()
  percentageOfPercentage?: unknown;
}

/** One entry of `source.from` or `distribute.to`. */
export class LegDto {
  @ApiProperty({ example: '@alice', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  accountAlias: string;

  @ApiPropertyOptional({ example: 'default', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(/^\S+$/, { message: 'balanceKey must not contain whitespace' })
  @MaxLength(100)
  balanceKey?: string;

  @ApiPropertyOptional({ type: AmountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AmountDto)
  amount?: AmountDto;

  @ApiPropertyOptional({ type: ShareDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShareDto)
  share?: ShareDto;

  @ApiPropertyOptional({ example: 'remaining' })
  @IsOptional()
  @IsString()
  remaining?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  chartOfAccounts?: string;

  @ApiPropertyOptional({ description: 'operation route of the leg (accounting routes)' })
  @IsOptional()
  @IsUUID()
  routeId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class SourceDto {
  @ApiProperty({ type: [LegDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LEGS_PER_SIDE)
  @ValidateNested({ each: true })
  @Type(() => LegDto)
  from: LegDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  remaining?: string;
}

export class DistributeDto {
  @ApiProperty({ type: [LegDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LEGS_PER_SIDE)
  @ValidateNested({ each: true })
  @Type(() => LegDto)
  to: LegDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  remaining?: string;
}

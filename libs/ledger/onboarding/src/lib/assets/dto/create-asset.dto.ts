import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { StatusDto } from '../../common/status.dto';
import { ASSET_TYPES } from '../asset-rules';

export class CreateAssetDto {
  @ApiProperty({ maxLength: 256, example: 'Brazilian Real' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  /** Checked by the service so that an unknown type answers Midaz's 0040. */
  @ApiProperty({ enum: ASSET_TYPES, example: 'currency' })
  @IsString()
  @IsNotEmpty()
  type: string;

  @ApiProperty({ maxLength: 100, example: 'BRL', description: 'upper-case letters only' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  code: string;

  @ApiPropertyOptional({ type: StatusDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusDto)
  status?: StatusDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

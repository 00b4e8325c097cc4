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

export class CreateSegmentDto {
  @ApiProperty({ maxLength: 256, example: 'North region' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

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

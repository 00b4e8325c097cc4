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

export class CreatePortfolioDto {
  @ApiProperty({ maxLength: 256, example: 'Retail customers' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @ApiPropertyOptional({ maxLength: 256, example: 'EXT-12345', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  entityId?: string | null;

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

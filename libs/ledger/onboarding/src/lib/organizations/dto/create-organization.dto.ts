import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { StatusDto } from '../../common/status.dto';
import { AddressDto } from './address.dto';

export class CreateOrganizationDto {
  @ApiProperty({ maxLength: 256, example: 'Lerian Financial Services Ltd.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  legalName: string;

  @ApiProperty({ maxLength: 256, example: '123456789012345' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  legalDocument: string;

  @ApiPropertyOptional({ maxLength: 256, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  doingBusinessAs?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  parentOrganizationId?: string | null;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

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

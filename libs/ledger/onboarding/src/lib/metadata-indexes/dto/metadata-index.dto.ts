import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateMetadataIndexDto {
  @ApiProperty({ maxLength: 100, example: 'tier' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  metadataKey: string;

  @ApiPropertyOptional({ default: false, description: 'no two live rows share a value' })
  @IsOptional()
  @IsBoolean()
  unique?: boolean;

  @ApiPropertyOptional({ default: false, description: 'index only rows that have the key' })
  @IsOptional()
  @IsBoolean()
  sparse?: boolean;
}

export class ListMetadataIndexesQueryDto {
  @ApiPropertyOptional({ description: 'only the indexes of this entity' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entity_name?: string;
}

/** Midaz's MetadataIndex; `stats` counts index scans since the statistics were last reset. */
export interface MetadataIndexResponse {
  indexName: string;
  entityName: string;
  metadataKey: string;
  unique: boolean;
  sparse: boolean;
  stats: { accesses: number; statsSince?: string };
}

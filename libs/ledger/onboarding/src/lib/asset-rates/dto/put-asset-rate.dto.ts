import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Body of `PUT …/asset-rates`: creates the rate of the pair, or replaces it. */
export class PutAssetRateDto {
  @ApiProperty({ minLength: 2, maxLength: 10, example: 'USD', description: 'upper-case letters' })
  @IsString()
  @IsNotEmpty()
  @Length(2, 10)
  from: string;

  @ApiProperty({ minLength: 2, maxLength: 10, example: 'BRL', description: 'upper-case letters' })
  @IsString()
  @IsNotEmpty()
  @Length(2, 10)
  to: string;

  /** A JSON number or a decimal string; checked (positive, plain decimal) by the rules. */
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: 5.25,
    description: 'positive; a JSON number or a decimal string such as "5.2512"',
  })
  @IsDefined()
  rate: number | string;

  @ApiPropertyOptional({ minimum: 0, example: 2, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  scale?: number;

  @ApiPropertyOptional({ maxLength: 200, example: 'External System', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  source?: string | null;

  @ApiPropertyOptional({ minimum: 0, example: 3600, default: 0, description: 'seconds' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  ttl?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'generated when absent' })
  @IsOptional()
  @IsUUID()
  externalId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ISOLATION_MODES, type IsolationMode, TENANT_ID_PATTERN } from '@finplat/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Isolation per service; a service left out gets SCHEMA. */
export class IsolationDto {
  @ApiPropertyOptional({ enum: ISOLATION_MODES, default: 'SCHEMA' })
  @IsOptional()
  @IsIn(ISOLATION_MODES)
  ledger?: IsolationMode;

  @ApiPropertyOptional({ enum: ISOLATION_MODES, default: 'SCHEMA' })
  @IsOptional()
  @IsIn(ISOLATION_MODES)
  tracer?: IsolationMode;

  @ApiPropertyOptional({ enum: ISOLATION_MODES, default: 'SCHEMA' })
  @IsOptional()
  @IsIn(ISOLATION_MODES)
  reporter?: IsolationMode;
}

export class CreateTenantDto {
  /**
   * Checked against the pattern by the service rather than here, so that a bad id gets its
   * own stable code (TM-0001) instead of the generic validation one.
   */
  @ApiPropertyOptional({
    pattern: TENANT_ID_PATTERN.source,
    example: 'acme-corp',
    description: 'Generated (`t-` and 12 random characters) when absent.',
  })
  @IsOptional()
  @IsString()
  id?: string;

  @ApiProperty({ maxLength: 256, example: 'Acme Corporation' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;

  @ApiPropertyOptional({ type: IsolationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => IsolationDto)
  isolation?: IsolationDto;
}

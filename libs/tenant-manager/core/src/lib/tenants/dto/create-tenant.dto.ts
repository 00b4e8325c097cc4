import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ISOLATION_MODES,
  type IsolationMode,
  SERVICES,
  type ServiceName,
  TENANT_ID_PATTERN,
} from '@finplat/contracts';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/** A target name for every service, or one per service (services left out: `default`). */
export type PlacementInput = string | Partial<Record<ServiceName, string>>;

const isPlacement = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.length > 0
    : typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.entries(value).every(
        ([service, target]) =>
          (SERVICES as readonly string[]).includes(service) &&
          typeof target === 'string' &&
          target.length > 0,
      );

/** The per-service target names of a placement input. */
export function placementChoice(
  placement: PlacementInput | null | undefined,
): Partial<Record<ServiceName, string>> {
  // null passes @IsOptional as absent does, so it means the same: every service on `default`
  // (it reached Object.values and a 500 before; found by the input fuzzing suite).
  if (placement === undefined || placement === null) return {};
  if (typeof placement === 'string')
    return Object.fromEntries(SERVICES.map((service) => [service, placement]));
  return placement;
}

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

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', example: 'secondary' },
      { type: 'object', example: { ledger: 'secondary' } },
    ],
    description:
      'PROVISION_PG_TARGETS name for every service, or per service ({"ledger": "secondary"}); services left out go to `default`. Unknown name: 400.',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isPlacement',
    validator: {
      validate: isPlacement,
      defaultMessage: () =>
        'placement must be a target name, or an object of service (ledger, tracer, reporter) to target name',
    },
  })
  placement?: PlacementInput;
}

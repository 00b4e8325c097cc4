import { ApiPropertyOptional } from '@nestjs/swagger';
import type { TenantStatus } from '@finplat/contracts';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export const TENANT_STATUSES: readonly TenantStatus[] = ['active', 'suspended'];

/** Suspend or reactivate a tenant, and/or rename it; at least one field is required. */
export class UpdateTenantDto {
  @ApiPropertyOptional({ enum: TENANT_STATUSES })
  @IsOptional()
  @IsIn(TENANT_STATUSES)
  status?: TenantStatus;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name?: string;
}

import { Body, Controller, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SERVICES, type ServiceName } from '@finplat/contracts';
import { ADMIN_KEY_HEADER, AdminKeyGuard } from '../access/api-key.guard';
import { ServiceNamePipe } from '../connections/service-name.pipe';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';
import { MigrateAssociationDto, RestoreBackupDto } from './dto';
import {
  type AssociationResponse,
  type BackupResponse,
  type PromotionResponse,
  type RestoreResponse,
  TenantDataService,
} from './tenant-data.service';

@ApiTags('Tenant data')
@ApiHeader({ name: ADMIN_KEY_HEADER, required: true, description: 'TENANT_MANAGER_ADMIN_KEY' })
@ApiParam({ name: 'service', enum: SERVICES })
@UseGuards(AdminKeyGuard)
@Controller('v1/tenants/:id/services/:service')
export class TenantDataController {
  constructor(private readonly data: TenantDataService) {}

  @Post('migrate')
  @HttpCode(200)
  @ApiOperation({
    summary: "Promote a tenant's service data from its schema to a dedicated database",
    description:
      'Copies every table (COPY streams), verifies row counts and checksums, switches the association and drops the old schema. Services get 503 with Retry-After while it runs. 409 when already DATABASE.',
  })
  migrate(
    @Param('id', TenantIdPipe) id: string,
    @Param('service', ServiceNamePipe) service: ServiceName,
    @Body() _dto: MigrateAssociationDto,
  ): Promise<PromotionResponse> {
    return this.data.promote(id, service);
  }

  @Post('backups')
  @ApiOperation({
    summary: "Back up a tenant's data for one service",
    description: 'A logical backup kept by tenant-manager: 201 {backupId, createdAt, tables}.',
  })
  backup(
    @Param('id', TenantIdPipe) id: string,
    @Param('service', ServiceNamePipe) service: ServiceName,
  ): Promise<BackupResponse> {
    return this.data.backup(id, service);
  }

  @Post('restore')
  @HttpCode(200)
  @ApiOperation({
    summary: "Restore a tenant's data for one service from a backup",
    description: "Replaces that tenant's tables in one transaction; no other tenant is touched.",
  })
  restore(
    @Param('id', TenantIdPipe) id: string,
    @Param('service', ServiceNamePipe) service: ServiceName,
    @Body() dto: RestoreBackupDto,
  ): Promise<RestoreResponse> {
    return this.data.restore(id, service, dto.backupId);
  }

  @Post('rotate-credentials')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Give a tenant's service role a new password",
    description: 'Services are told by the lifecycle event and fetch the new one.',
  })
  rotate(
    @Param('id', TenantIdPipe) id: string,
    @Param('service', ServiceNamePipe) service: ServiceName,
  ): Promise<AssociationResponse> {
    return this.data.rotateCredentials(id, service);
  }
}

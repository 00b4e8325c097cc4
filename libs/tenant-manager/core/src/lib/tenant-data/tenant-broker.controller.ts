import { Controller, Header, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_KEY_HEADER, AdminKeyGuard } from '../access/api-key.guard';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';
import { type RabbitCredentialsResponse, TenantDataService } from './tenant-data.service';

@ApiTags('Tenant data')
@ApiHeader({ name: ADMIN_KEY_HEADER, required: true, description: 'TENANT_MANAGER_ADMIN_KEY' })
@UseGuards(AdminKeyGuard)
@Controller('v1/tenants/:id/rabbitmq')
export class TenantBrokerController {
  constructor(private readonly data: TenantDataService) {}

  @Post('rotate-credentials')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Give a tenant's RabbitMQ user a new password",
    description:
      'Open connections keep working; every service is told by the lifecycle event, fetches the new password and reconnects. 422 TM-0016 when the tenant has no vhost.',
  })
  rotate(@Param('id', TenantIdPipe) id: string): Promise<RabbitCredentialsResponse> {
    return this.data.rotateRabbitCredentials(id);
  }
}

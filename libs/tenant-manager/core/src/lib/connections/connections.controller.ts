import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { SERVICES, type ServiceName, type TenantConnections } from '@finplat/contracts';
import { SERVICE_KEY_HEADER, ServiceKeyGuard } from '../access/api-key.guard';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';
import { ConnectionsService } from './connections.service';
import { ServiceNamePipe } from './service-name.pipe';

@ApiTags('Connections')
@ApiHeader({
  name: SERVICE_KEY_HEADER,
  required: true,
  description: 'one of TENANT_MANAGER_SERVICE_API_KEYS',
})
@UseGuards(ServiceKeyGuard)
@Controller('v1/tenants/:id/associations/:service/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'service', enum: SERVICES })
  @ApiOperation({
    summary: "A tenant's connection settings for one service",
    description: '404 unknown tenant (0160), 403 suspended tenant (0159).',
  })
  get(
    @Param('id', TenantIdPipe) id: string,
    @Param('service', ServiceNamePipe) service: ServiceName,
  ): Promise<TenantConnections> {
    return this.connections.connections(id, service);
  }
}

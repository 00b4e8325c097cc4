import { Body, Controller, Header, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_KEY_HEADER, AdminKeyGuard } from '../access/api-key.guard';
import { TenantIdPipe } from '../tenants/tenant-id.pipe';
import { ClientsService } from './clients.service';
import { CreateClientDto, type CreatedClientResponse } from './dto/create-client.dto';

@ApiTags('Clients')
@ApiHeader({ name: ADMIN_KEY_HEADER, required: true, description: 'TENANT_MANAGER_ADMIN_KEY' })
@UseGuards(AdminKeyGuard)
@Controller('v1/tenants/:id/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create machine credentials for a tenant',
    description: 'The client secret is returned once and cannot be read again.',
  })
  create(
    @Param('id', TenantIdPipe) tenantId: string,
    @Body() dto: CreateClientDto,
  ): Promise<CreatedClientResponse> {
    return this.clients.create(tenantId, dto.name);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@finplat/platform';
import { ADMIN_KEY_HEADER, AdminKeyGuard } from '../access/api-key.guard';
import { CreateTenantDto } from './dto/create-tenant.dto';
import type { TenantResponse } from './dto/tenant.response';
import { UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantIdPipe } from './tenant-id.pipe';
import { TenantsService } from './tenants.service';

@ApiTags('Tenants')
@ApiHeader({ name: ADMIN_KEY_HEADER, required: true, description: 'TENANT_MANAGER_ADMIN_KEY' })
@UseGuards(AdminKeyGuard)
@Controller('v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @ApiOperation({
    summary: 'Create and provision a tenant',
    description:
      'Creates, per service, a dedicated database (DATABASE) or a schema in the shared database (SCHEMA), each with its own role, and the RabbitMQ vhost. Services apply their migrations on first use.',
  })
  create(@Body() dto: CreateTenantDto): Promise<TenantResponse> {
    return this.tenants.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List tenants' })
  list(@Query() query: PageQueryDto): Promise<Page<TenantResponse>> {
    return this.tenants.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a tenant' })
  get(@Param('id', TenantIdPipe) id: string): Promise<TenantResponse> {
    return this.tenants.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Suspend, reactivate or rename a tenant' })
  update(
    @Param('id', TenantIdPipe) id: string,
    @Body() dto: UpdateTenantDto,
  ): Promise<TenantResponse> {
    return this.tenants.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deprovision and delete a tenant' })
  remove(@Param('id', TenantIdPipe) id: string): Promise<void> {
    return this.tenants.remove(id);
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import type { Response } from 'express';
import { MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { ListOrganizationsQueryDto } from './dto/list-organizations-query.dto';
import type { OrganizationResponse } from './dto/organization.response';
import { UpdateOrganizationDto } from './dto/update-organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('Organizations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an organization' })
  create(@Body() dto: CreateOrganizationDto): Promise<OrganizationResponse> {
    return this.organizations.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List organizations' })
  list(
    @Query() query: ListOrganizationsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<OrganizationResponse>> {
    return this.organizations.list(query, metadata);
  }

  // Declared before `:id` so that HEAD on this path is not taken by GET :id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count organizations (X-Total-Count)' })
  async count(@Res({ passthrough: true }) res: Response): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.organizations.count()));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an organization' })
  get(@Param('id', UuidParamPipe) id: string): Promise<OrganizationResponse> {
    return this.organizations.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an organization' })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organization (soft delete)' })
  remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.organizations.remove(id);
  }
}

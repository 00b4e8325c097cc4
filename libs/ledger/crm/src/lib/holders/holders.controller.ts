import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { IdempotencyStore } from '@finplat/ledger-database';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { idempotentCreate } from '../common/idempotent-create';
import { PageQueryDto, UuidParamPipe, type Page } from '@finplat/platform';
import { MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import type { AccountResponse } from '@finplat/ledger-onboarding';
import { CreateHolderDto } from './dto/create-holder.dto';
import type { HolderResponse } from './dto/holder.response';
import {
  HardDeleteQueryDto,
  IncludeDeletedQueryDto,
  ListHoldersQueryDto,
} from './dto/list-holders-query.dto';
import { UpdateHolderDto } from './dto/update-holder.dto';
import { HoldersService } from './holders.service';

@ApiTags('Holders')
@ApiBearerAuth()
@Controller('v1/organizations/:organization_id/holders')
export class HoldersController {
  constructor(
    private readonly holders: HoldersService,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a holder (PII stored encrypted)' })
  @ApiHeader({ name: 'X-Idempotency', required: false, description: 'idempotency key' })
  @ApiHeader({ name: 'X-TTL', required: false, description: 'seconds the key is remembered' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Body() dto: CreateHolderDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HolderResponse> {
    return idempotentCreate(
      this.idempotency,
      res,
      { organizationId, namespace: 'holders', operation: 'holders' },
      dto,
      { key, ttl },
      () => this.holders.create(organizationId, dto),
    );
  }

  @Get()
  @ApiOperation({
    summary: 'List holders (external_id, document by search token, metadata.<key>=<value>)',
  })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Query() query: ListHoldersQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<HolderResponse>> {
    return this.holders.list(organizationId, query, metadata);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a holder' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: IncludeDeletedQueryDto,
  ): Promise<HolderResponse> {
    return this.holders.get(organizationId, id, query.include_deleted === 'true');
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a holder (type and document are immutable)' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateHolderDto,
  ): Promise<HolderResponse> {
    return this.holders.update(organizationId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a holder (refused while it owns accounts or instruments); hard_delete=true is physical',
  })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: HardDeleteQueryDto,
  ): Promise<void> {
    return this.holders.remove(organizationId, id, query.hard_delete === 'true');
  }

  @Get(':id/accounts')
  @ApiOperation({ summary: 'List the accounts a holder owns, across the organization’s ledgers' })
  accounts(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<AccountResponse>> {
    return this.holders.accounts(organizationId, id, query);
  }
}

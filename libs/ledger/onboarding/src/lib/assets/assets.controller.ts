import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { LedgerScopedController } from '../common/ledger-scoped.controller';
import type { AssetResponse } from './dto/asset.response';
import { CreateAssetDto } from './dto/create-asset.dto';
import { ListAssetsQueryDto } from './dto/list-assets-query.dto';
import { UpdateAssetDto } from './dto/update-asset.dto';
import { AssetsService } from './assets.service';

@ApiTags('Assets')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/assets`)
export class AssetsController extends LedgerScopedController<AssetResponse>({
  one: 'an asset',
  many: 'assets',
}) {
  constructor(protected readonly service: AssetsService) {
    super();
  }

  @Post()
  @ApiOperation({ summary: 'Create an asset' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAssetDto,
  ): Promise<AssetResponse> {
    return this.service.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List assets of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAssetsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AssetResponse>> {
    return this.service.list(organizationId, ledgerId, query, metadata);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an asset' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAssetDto,
  ): Promise<AssetResponse> {
    return this.service.update(organizationId, ledgerId, id, dto);
  }
}

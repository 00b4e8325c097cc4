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
import { MetadataFilter, type MetadataCondition } from '../common/metadata-filter';
import { LEDGER_SCOPED_PATH } from '../common/routes';
import type { AssetResponse } from './dto/asset.response';
import { CreateAssetDto } from './dto/create-asset.dto';
import { ListAssetsQueryDto } from './dto/list-assets-query.dto';
import { UpdateAssetDto } from './dto/update-asset.dto';
import { AssetsService } from './assets.service';

@ApiTags('Assets')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/assets`)
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an asset' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAssetDto,
  ): Promise<AssetResponse> {
    return this.assets.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List assets of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAssetsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AssetResponse>> {
    return this.assets.list(organizationId, ledgerId, query, metadata);
  }

  // Declared before `:id` so that HEAD on this path is not taken by GET :id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count assets (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.assets.count(organizationId, ledgerId)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an asset' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AssetResponse> {
    return this.assets.get(organizationId, ledgerId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an asset' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAssetDto,
  ): Promise<AssetResponse> {
    return this.assets.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an asset (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.assets.remove(organizationId, ledgerId, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, type CursorPage } from '@finplat/ledger-domain';
import { AssetRatesService } from './asset-rates.service';
import type { AssetRateResponse } from './dto/asset-rate.response';
import { ListAssetRatesQueryDto } from './dto/list-asset-rates-query.dto';
import { PutAssetRateDto } from './dto/put-asset-rate.dto';

@ApiTags('Asset Rates')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/asset-rates`)
export class AssetRatesController {
  constructor(private readonly rates: AssetRatesService) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create or update the rate of an asset pair (from, to)' })
  put(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: PutAssetRateDto,
  ): Promise<AssetRateResponse> {
    return this.rates.put(organizationId, ledgerId, dto);
  }

  @Get('from/:asset_code')
  @ApiOperation({ summary: 'List the rates from an asset code (?to=A,B; cursor pagination)' })
  listFrom(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('asset_code') assetCode: string,
    @Query() query: ListAssetRatesQueryDto,
  ): Promise<CursorPage<AssetRateResponse>> {
    return this.rates.listFrom(organizationId, ledgerId, assetCode, query);
  }

  @Get(':external_id')
  @ApiOperation({ summary: 'Get an asset rate by its external id' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('external_id', UuidParamPipe) externalId: string,
  ): Promise<AssetRateResponse> {
    return this.rates.get(organizationId, ledgerId, externalId);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import {
  CreateFeePackageDto,
  ListFeePackagesQueryDto,
  UpdateFeePackageDto,
} from './dto/fee-package.dto';
import type { FeePackagePage, FeePackageResponse } from './dto/fee-package.response';
import { EstimateFeesDto, type FeeEstimateResponse } from './dto/estimate.dto';
import { EstimateFeesUseCase } from './estimate-fees.use-case';
import { FeePackagesService } from './fee-packages.service';

@ApiTags('Fees')
@ApiBearerAuth()
@Controller('v1/organizations/:organization_id')
export class FeePackagesController {
  constructor(
    private readonly packages: FeePackagesService,
    private readonly estimate: EstimateFeesUseCase,
  ) {}

  @Post('packages')
  @ApiOperation({ summary: "Create a fee package for one of the organization's ledgers" })
  create(
    @Param('organization_id', UuidParamPipe) org: string,
    @Body() dto: CreateFeePackageDto,
  ): Promise<FeePackageResponse> {
    return this.packages.create(org, dto);
  }

  @Get('packages')
  @ApiOperation({ summary: 'List fee packages (ledgerId, segmentId, transactionRoute, enable)' })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Query() query: ListFeePackagesQueryDto,
  ): Promise<FeePackagePage> {
    return this.packages.list(org, query);
  }

  @Get('packages/:id')
  @ApiOperation({ summary: 'Get a fee package' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<FeePackageResponse> {
    return this.packages.get(org, id);
  }

  @Patch('packages/:id')
  @ApiOperation({ summary: 'Update a fee package (its ledger is fixed)' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateFeePackageDto,
  ): Promise<FeePackageResponse> {
    return this.packages.update(org, id, dto);
  }

  @Delete('packages/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a fee package (soft)' })
  remove(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.packages.remove(org, id);
  }

  @Post('estimates')
  @HttpCode(200)
  @ApiOperation({ summary: 'The fees a /json transaction would pay, and the legs it would post' })
  estimateFees(
    @Param('organization_id', UuidParamPipe) org: string,
    @Body() dto: EstimateFeesDto,
  ): Promise<FeeEstimateResponse> {
    return this.estimate.execute(org, dto);
  }
}

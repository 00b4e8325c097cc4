import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import {
  CalculateBillingDto,
  CreateBillingPackageDto,
  ListBillingPackagesQueryDto,
  UpdateBillingPackageDto,
} from './dto/billing-package.dto';
import type { BillingPackagePage, BillingPackageResponse } from './dto/billing-package.response';
import { BillingPackagesService } from './billing-packages.service';
import { CalculateBillingUseCase, type BillingCalculation } from './calculate-billing.use-case';

@ApiTags('Billing Packages')
@ApiBearerAuth()
@Controller('v1/organizations/:organization_id')
export class BillingPackagesController {
  constructor(
    private readonly packages: BillingPackagesService,
    private readonly calculate: CalculateBillingUseCase,
  ) {}

  @Post('billing-packages')
  @ApiOperation({ summary: 'Create a billing package (volume or maintenance) for a ledger' })
  create(
    @Param('organization_id', UuidParamPipe) org: string,
    @Body() dto: CreateBillingPackageDto,
  ): Promise<BillingPackageResponse> {
    return this.packages.create(org, dto);
  }

  @Get('billing-packages')
  @ApiOperation({ summary: 'List billing packages (ledgerId, type)' })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Query() query: ListBillingPackagesQueryDto,
  ): Promise<BillingPackagePage> {
    return this.packages.list(org, query);
  }

  @Get('billing-packages/:id')
  @ApiOperation({ summary: 'Get a billing package' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<BillingPackageResponse> {
    return this.packages.get(org, id);
  }

  @Patch('billing-packages/:id')
  @ApiOperation({ summary: 'Update a billing package (its ledger and type are fixed)' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateBillingPackageDto,
  ): Promise<BillingPackageResponse> {
    return this.packages.update(org, id, dto);
  }

  @Delete('billing-packages/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a billing package (soft)' })
  remove(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.packages.remove(org, id);
  }

  @Post('billing/calculate')
  @HttpCode(200)
  @ApiOperation({
    summary: "A month's charges of a ledger's billing packages, as transactions to post",
  })
  calculateBilling(
    @Param('organization_id', UuidParamPipe) org: string,
    @Body() dto: CalculateBillingDto,
  ): Promise<BillingCalculation> {
    return this.calculate.execute(org, dto);
  }
}

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
import type { PortfolioResponse } from './dto/portfolio.response';
import { CreatePortfolioDto } from './dto/create-portfolio.dto';
import { ListPortfoliosQueryDto } from './dto/list-portfolios-query.dto';
import { UpdatePortfolioDto } from './dto/update-portfolio.dto';
import { PortfoliosService } from './portfolios.service';

@ApiTags('Portfolios')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/portfolios`)
export class PortfoliosController {
  constructor(private readonly portfolios: PortfoliosService) {}

  @Post()
  @ApiOperation({ summary: 'Create a portfolio' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreatePortfolioDto,
  ): Promise<PortfolioResponse> {
    return this.portfolios.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List portfolios of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListPortfoliosQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<PortfolioResponse>> {
    return this.portfolios.list(organizationId, ledgerId, query, metadata);
  }

  // Declared before `:id` so that HEAD on this path is not taken by GET :id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count portfolios (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.portfolios.count(organizationId, ledgerId)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a portfolio' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<PortfolioResponse> {
    return this.portfolios.get(organizationId, ledgerId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a portfolio' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdatePortfolioDto,
  ): Promise<PortfolioResponse> {
    return this.portfolios.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a portfolio (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.portfolios.remove(organizationId, ledgerId, id);
  }
}

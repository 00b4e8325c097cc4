import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { LedgerScopedController } from '../common/ledger-scoped.controller';
import type { PortfolioResponse } from './dto/portfolio.response';
import { CreatePortfolioDto } from './dto/create-portfolio.dto';
import { ListPortfoliosQueryDto } from './dto/list-portfolios-query.dto';
import { UpdatePortfolioDto } from './dto/update-portfolio.dto';
import { PortfoliosService } from './portfolios.service';

@ApiTags('Portfolios')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/portfolios`)
export class PortfoliosController extends LedgerScopedController<PortfolioResponse>({
  one: 'a portfolio',
  many: 'portfolios',
}) {
  constructor(protected readonly service: PortfoliosService) {
    super();
  }

  @Post()
  @ApiOperation({ summary: 'Create a portfolio' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreatePortfolioDto,
  ): Promise<PortfolioResponse> {
    return this.service.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List portfolios of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListPortfoliosQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<PortfolioResponse>> {
    return this.service.list(organizationId, ledgerId, query, metadata);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a portfolio' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdatePortfolioDto,
  ): Promise<PortfolioResponse> {
    return this.service.update(organizationId, ledgerId, id, dto);
  }
}

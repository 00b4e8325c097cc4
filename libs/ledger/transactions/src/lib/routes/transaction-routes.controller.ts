import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import {
  CursorQueryDto,
  LEDGER_SCOPED_PATH,
  MetadataFilter,
  type CursorPage,
  type MetadataCondition,
} from '@finplat/ledger-domain';
import { CreateTransactionRouteDto, UpdateTransactionRouteDto } from './dto/transaction-route.dto';
import { TransactionRoutesService } from './transaction-routes.service';
import type { TransactionRouteResponse } from './route.response';

@ApiTags('Transaction Routes')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/transaction-routes`)
export class TransactionRoutesController {
  constructor(private readonly routes: TransactionRoutesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a transaction route' })
  create(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateTransactionRouteDto,
  ): Promise<TransactionRouteResponse> {
    return this.routes.create(org, ledger, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List transaction routes (cursor pagination, metadata.<key>=<value>)' })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Query() query: CursorQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<CursorPage<TransactionRouteResponse>> {
    return this.routes.list(org, ledger, query, metadata);
  }

  @Get(':transaction_route_id')
  @ApiOperation({ summary: 'Get a transaction route' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_route_id', UuidParamPipe) id: string,
  ): Promise<TransactionRouteResponse> {
    return this.routes.get(org, ledger, id);
  }

  @Patch(':transaction_route_id')
  @ApiOperation({ summary: 'Update a transaction route' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_route_id', UuidParamPipe) id: string,
    @Body() dto: UpdateTransactionRouteDto,
  ): Promise<TransactionRouteResponse> {
    return this.routes.update(org, ledger, id, dto);
  }

  @Delete(':transaction_route_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a transaction route' })
  remove(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_route_id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.routes.remove(org, ledger, id);
  }
}

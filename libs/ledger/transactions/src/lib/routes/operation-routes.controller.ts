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
import { CreateOperationRouteDto, UpdateOperationRouteDto } from './dto/operation-route.dto';
import { OperationRoutesService } from './operation-routes.service';
import type { OperationRouteResponse } from './route.response';

@ApiTags('Operation Routes')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/operation-routes`)
export class OperationRoutesController {
  constructor(private readonly routes: OperationRoutesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an operation route' })
  create(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Body() dto: CreateOperationRouteDto,
  ): Promise<OperationRouteResponse> {
    return this.routes.create(org, ledger, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List operation routes (cursor pagination, metadata.<key>=<value>)' })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Query() query: CursorQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<CursorPage<OperationRouteResponse>> {
    return this.routes.list(org, ledger, query, metadata);
  }

  @Get(':operation_route_id')
  @ApiOperation({ summary: 'Get an operation route' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('operation_route_id', UuidParamPipe) id: string,
  ): Promise<OperationRouteResponse> {
    return this.routes.get(org, ledger, id);
  }

  @Patch(':operation_route_id')
  @ApiOperation({ summary: 'Update an operation route' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('operation_route_id', UuidParamPipe) id: string,
    @Body() dto: UpdateOperationRouteDto,
  ): Promise<OperationRouteResponse> {
    return this.routes.update(org, ledger, id, dto);
  }

  @Delete(':operation_route_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an operation route (still linked to a transaction route: 0107)',
  })
  remove(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('operation_route_id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.routes.remove(org, ledger, id);
  }
}

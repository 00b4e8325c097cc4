import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { LedgerScopedController } from '../common/ledger-scoped.controller';
import type { SegmentResponse } from './dto/segment.response';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { ListSegmentsQueryDto } from './dto/list-segments-query.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { SegmentsService } from './segments.service';

@ApiTags('Segments')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/segments`)
export class SegmentsController extends LedgerScopedController<SegmentResponse>({
  one: 'a segment',
  many: 'segments',
}) {
  constructor(protected readonly service: SegmentsService) {
    super();
  }

  @Post()
  @ApiOperation({ summary: 'Create a segment' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateSegmentDto,
  ): Promise<SegmentResponse> {
    return this.service.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List segments of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListSegmentsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<SegmentResponse>> {
    return this.service.list(organizationId, ledgerId, query, metadata);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a segment' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateSegmentDto,
  ): Promise<SegmentResponse> {
    return this.service.update(organizationId, ledgerId, id, dto);
  }
}

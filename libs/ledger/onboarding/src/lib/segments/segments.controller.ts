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
import type { SegmentResponse } from './dto/segment.response';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { ListSegmentsQueryDto } from './dto/list-segments-query.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { SegmentsService } from './segments.service';

@ApiTags('Segments')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/segments`)
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a segment' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateSegmentDto,
  ): Promise<SegmentResponse> {
    return this.segments.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List segments of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListSegmentsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<SegmentResponse>> {
    return this.segments.list(organizationId, ledgerId, query, metadata);
  }

  // Declared before `:id` so that HEAD on this path is not taken by GET :id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count segments (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.segments.count(organizationId, ledgerId)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a segment' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<SegmentResponse> {
    return this.segments.get(organizationId, ledgerId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a segment' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateSegmentDto,
  ): Promise<SegmentResponse> {
    return this.segments.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.segments.remove(organizationId, ledgerId, id);
  }
}

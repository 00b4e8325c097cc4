import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TracerUuidPipe } from '@finplat/tracer-domain';
import { CreateLimitDto } from './dto/create-limit.dto';
import { LimitResponse, ListLimitsResponse, UsageSnapshotResponse } from './dto/limit.response';
import { ListLimitsQueryDto } from './dto/list-limits-query.dto';
import { UpdateLimitDto } from './dto/update-limit.dto';
import { LimitsService } from './limits.service';

@ApiTags('Limits')
@ApiBearerAuth()
@Controller('v1/limits')
export class LimitsController {
  constructor(private readonly limits: LimitsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a spending limit (in DRAFT)' })
  @ApiCreatedResponse({ type: LimitResponse })
  create(@Body() dto: CreateLimitDto): Promise<LimitResponse> {
    return this.limits.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List spending limits (cursor pagination)' })
  @ApiOkResponse({ type: ListLimitsResponse })
  list(@Query() query: ListLimitsQueryDto): Promise<ListLimitsResponse> {
    return this.limits.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a spending limit by ID' })
  @ApiOkResponse({ type: LimitResponse })
  get(@Param('id', TracerUuidPipe) id: string): Promise<LimitResponse> {
    return this.limits.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Partially update a spending limit' })
  @ApiOkResponse({ type: LimitResponse })
  update(
    @Param('id', TracerUuidPipe) id: string,
    @Body() dto: UpdateLimitDto,
  ): Promise<LimitResponse> {
    return this.limits.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a spending limit (DRAFT or INACTIVE only)' })
  @ApiNoContentResponse()
  remove(@Param('id', TracerUuidPipe) id: string): Promise<void> {
    return this.limits.remove(id);
  }

  @Get(':id/usage')
  @ApiOperation({ summary: 'Usage snapshot of a limit in its current period' })
  @ApiOkResponse({ type: UsageSnapshotResponse })
  usage(@Param('id', TracerUuidPipe) id: string): Promise<UsageSnapshotResponse> {
    return this.limits.usage(id);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a limit' })
  @ApiOkResponse({ type: LimitResponse })
  activate(@Param('id', TracerUuidPipe) id: string): Promise<LimitResponse> {
    return this.limits.activate(id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a limit' })
  @ApiOkResponse({ type: LimitResponse })
  deactivate(@Param('id', TracerUuidPipe) id: string): Promise<LimitResponse> {
    return this.limits.deactivate(id);
  }

  @Post(':id/draft')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a limit back to draft (from INACTIVE)' })
  @ApiOkResponse({ type: LimitResponse })
  draft(@Param('id', TracerUuidPipe) id: string): Promise<LimitResponse> {
    return this.limits.draft(id);
  }
}

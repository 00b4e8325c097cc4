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
import { MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { CreateLedgerDto } from './dto/create-ledger.dto';
import type { LedgerResponse } from './dto/ledger.response';
import { ListLedgersQueryDto } from './dto/list-ledgers-query.dto';
import { UpdateLedgerDto } from './dto/update-ledger.dto';
import { LedgersService } from './ledgers.service';

@ApiTags('Ledgers')
@ApiBearerAuth()
@Controller('v1/organizations/:organization_id/ledgers')
export class LedgersController {
  constructor(private readonly ledgers: LedgersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a ledger' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Body() dto: CreateLedgerDto,
  ): Promise<LedgerResponse> {
    return this.ledgers.create(organizationId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List ledgers of an organization' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Query() query: ListLedgersQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<LedgerResponse>> {
    return this.ledgers.list(organizationId, query, metadata);
  }

  // Declared before `:ledger_id` so that HEAD on this path is not taken by GET :ledger_id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count ledgers (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.ledgers.count(organizationId)));
  }

  @Get(':ledger_id')
  @ApiOperation({ summary: 'Get a ledger' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) id: string,
  ): Promise<LedgerResponse> {
    return this.ledgers.get(organizationId, id);
  }

  @Patch(':ledger_id')
  @ApiOperation({ summary: 'Update a ledger' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) id: string,
    @Body() dto: UpdateLedgerDto,
  ): Promise<LedgerResponse> {
    return this.ledgers.update(organizationId, id, dto);
  }

  @Delete(':ledger_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a ledger (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.ledgers.remove(organizationId, id);
  }
}

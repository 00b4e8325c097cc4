import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { IdempotencyStore } from '@finplat/ledger-database';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { idempotentCreate } from '../common/idempotent-create';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { HardDeleteQueryDto, IncludeDeletedQueryDto } from '../holders/dto/list-holders-query.dto';
import { CreateInstrumentDto, UpdateInstrumentDto } from './dto/create-instrument.dto';
import type { InstrumentResponse } from './dto/instrument.response';
import { ListInstrumentsQueryDto } from './dto/list-instruments-query.dto';
import { InstrumentsService } from './instruments.service';

const HOLDER_INSTRUMENTS = 'v1/organizations/:organization_id/holders/:holder_id/instruments';

@ApiTags('Instruments')
@ApiBearerAuth()
@Controller()
export class InstrumentsController {
  constructor(
    private readonly instruments: InstrumentsService,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post(HOLDER_INSTRUMENTS)
  @ApiOperation({ summary: 'Create an instrument linking a holder to one ledger account' })
  @ApiHeader({ name: 'X-Idempotency', required: false, description: 'idempotency key' })
  @ApiHeader({ name: 'X-TTL', required: false, description: 'seconds the key is remembered' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('holder_id', UuidParamPipe) holderId: string,
    @Body() dto: CreateInstrumentDto,
    @Headers('x-idempotency') key: string | undefined,
    @Headers('x-ttl') ttl: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InstrumentResponse> {
    // The holder is part of the request: the same key and body under another holder is refused.
    return idempotentCreate(
      this.idempotency,
      res,
      { organizationId, namespace: 'instruments', operation: `instruments:${holderId}` },
      dto,
      { key, ttl },
      () => this.instruments.create(organizationId, holderId, dto),
    );
  }

  @Get('v1/organizations/:organization_id/instruments')
  @ApiOperation({
    summary:
      'List instruments (holder_id, account_id, ledger_id, document, banking_details_*, regulatory_fields_participant_document, related_party_*, metadata)',
  })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Query() query: ListInstrumentsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<InstrumentResponse>> {
    return this.instruments.list(organizationId, query, metadata);
  }

  @Get(`${HOLDER_INSTRUMENTS}/:instrument_id`)
  @ApiOperation({ summary: 'Get an instrument' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('holder_id', UuidParamPipe) holderId: string,
    @Param('instrument_id', UuidParamPipe) id: string,
    @Query() query: IncludeDeletedQueryDto,
  ): Promise<InstrumentResponse> {
    return this.instruments.get(organizationId, holderId, id, query.include_deleted === 'true');
  }

  @Patch(`${HOLDER_INSTRUMENTS}/:instrument_id`)
  @ApiOperation({ summary: 'Update an instrument (relatedParties given are added)' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('holder_id', UuidParamPipe) holderId: string,
    @Param('instrument_id', UuidParamPipe) id: string,
    @Body() dto: UpdateInstrumentDto,
  ): Promise<InstrumentResponse> {
    return this.instruments.update(organizationId, holderId, id, dto);
  }

  @Delete(`${HOLDER_INSTRUMENTS}/:instrument_id`)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an instrument; hard_delete=true is physical' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('holder_id', UuidParamPipe) holderId: string,
    @Param('instrument_id', UuidParamPipe) id: string,
    @Query() query: HardDeleteQueryDto,
  ): Promise<void> {
    return this.instruments.remove(organizationId, holderId, id, query.hard_delete === 'true');
  }

  @Delete(`${HOLDER_INSTRUMENTS}/:instrument_id/related-parties/:related_party_id`)
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a related party from an instrument' })
  removeRelatedParty(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('holder_id', UuidParamPipe) holderId: string,
    @Param('instrument_id', UuidParamPipe) id: string,
    @Param('related_party_id', UuidParamPipe) relatedPartyId: string,
  ): Promise<void> {
    return this.instruments.removeRelatedParty(organizationId, holderId, id, relatedPartyId);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TracerUuidPipe } from '@finplat/tracer-domain';
import {
  AuditEventResponse,
  HashChainVerificationResponse,
  ListAuditEventsResponse,
} from './audit-event.response';
import { AuditEventsService } from './audit-events.service';
import { ListAuditEventsQueryDto } from './list-audit-events.query';

@ApiTags('Audit')
@ApiBearerAuth()
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List audit events (cursor pagination)' })
  @ApiOkResponse({ type: ListAuditEventsResponse })
  list(@Query() query: ListAuditEventsQueryDto): Promise<ListAuditEventsResponse> {
    return this.events.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an audit event by ID' })
  @ApiOkResponse({ type: AuditEventResponse })
  get(@Param('id', TracerUuidPipe) id: string): Promise<AuditEventResponse> {
    return this.events.get(id);
  }

  @Get(':id/verify')
  @ApiOperation({
    summary: 'Verify the hash chain up to this event (and its anchor, from the newest event)',
  })
  @ApiOkResponse({ type: HashChainVerificationResponse })
  verify(@Param('id', TracerUuidPipe) id: string): Promise<HashChainVerificationResponse> {
    return this.events.verify(id);
  }
}

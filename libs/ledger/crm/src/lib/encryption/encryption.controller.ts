import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { CurrentAuditSource } from './audit-source.decorator';
import {
  ListAuditEventsQueryDto,
  ProvisionEncryptionDto,
  type AuditEventsEnvelope,
  type ProvisionEncryptionResponse,
  type ProvisioningStatusResponse,
} from './dto/encryption.dto';
import { EncryptionService } from './encryption.service';
import type { AuditSource } from './key-ring';

@ApiBearerAuth()
@Controller('v1/organizations/:organization_id')
export class EncryptionController {
  constructor(private readonly encryption: EncryptionService) {}

  @Post('encryption/provision')
  @HttpCode(200)
  @ApiTags('Encryption')
  @ApiOperation({
    summary: 'Provision the organization’s data keys (idempotent); {"rotate": true} adds a version',
  })
  provision(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Body() dto: ProvisionEncryptionDto,
    @CurrentAuditSource() source: AuditSource,
  ): Promise<ProvisionEncryptionResponse> {
    return this.encryption.provision(organizationId, source, dto.rotate === true);
  }

  @Get('encryption/status')
  @ApiTags('Encryption')
  @ApiOperation({ summary: 'Whether the organization has data keys' })
  status(
    @Param('organization_id', UuidParamPipe) organizationId: string,
  ): Promise<ProvisioningStatusResponse> {
    return this.encryption.status(organizationId);
  }

  @Get('protection/audit')
  @ApiTags('Protection')
  @ApiOperation({ summary: 'List protection audit events (cursor, newest first)' })
  audit(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Query() query: ListAuditEventsQueryDto,
  ): Promise<AuditEventsEnvelope> {
    return this.encryption.events(organizationId, query);
  }
}

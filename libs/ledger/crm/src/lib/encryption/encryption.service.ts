import { Injectable } from '@nestjs/common';
import { ProtectionAuditRepository } from '@finplat/ledger-database';
import { TenantContext } from '@finplat/tenancy';
import { HoldersService } from '../holders/holders.service';
import type {
  AuditEventsEnvelope,
  ListAuditEventsQueryDto,
  ProvisionEncryptionResponse,
  ProvisioningStatusResponse,
} from './dto/encryption.dto';
import { kekIdOf } from './field-cipher';
import { KeyRing, type AuditSource } from './key-ring';

@Injectable()
export class EncryptionService {
  constructor(
    private readonly keyRing: KeyRing,
    private readonly holders: HoldersService,
    private readonly audit: ProtectionAuditRepository,
  ) {}

  async provision(
    organizationId: string,
    source: AuditSource,
    rotate: boolean,
  ): Promise<ProvisionEncryptionResponse> {
    await this.holders.requireOrganization(organizationId);
    const result = await this.keyRing.provision(organizationId, source, { rotate });
    return {
      organization_id: organizationId,
      kek_path: this.kekPath(organizationId),
      // One version number names both keys of a version (values and search tokens).
      aead_primary_key_id: result.primary,
      prf_primary_key_id: result.primary,
      status: 'active',
    };
  }

  async status(organizationId: string): Promise<ProvisioningStatusResponse> {
    await this.holders.requireOrganization(organizationId);
    const status = await this.keyRing.status(organizationId);
    return {
      organization_id: organizationId,
      provisioned: status.provisioned,
      status: status.provisioned ? 'active' : 'unprovisioned',
    };
  }

  async events(
    organizationId: string,
    query: ListAuditEventsQueryDto,
  ): Promise<AuditEventsEnvelope> {
    await this.holders.requireOrganization(organizationId);
    const page = await this.audit.page(
      organizationId,
      { action: query.action, actor: query.actor, outcome: query.outcome },
      query,
    );
    return {
      organization_id: organizationId,
      items: page.items.map((event) => ({
        id: event.id,
        action: event.action,
        actor: event.actor,
        outcome: event.outcome,
        reason: event.reason,
        from_status: event.fromStatus,
        to_status: event.toStatus,
        timestamp: event.createdAt.toISOString(),
        request_id: event.requestId,
      })),
      limit: page.limit,
      ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}),
      ...(page.prev_cursor ? { prev_cursor: page.prev_cursor } : {}),
    };
  }

  /** Where the organization's keys are wrapped: the configured KEK, named by its fingerprint. */
  private kekPath(organizationId: string): string {
    const kek = this.keyRing.requireConfigured();
    return `${TenantContext.current().tenantId}_org-${organizationId}@kek-${kekIdOf(kek)}`;
  }
}

import { Injectable } from '@nestjs/common';
import type { CursorPage, CursorQueryDto } from '@finplat/ledger-domain';
import { TenantDb } from '@finplat/tenancy';
import { cursorPage } from '../common/list-queries';
import { ProtectionAuditEntity } from './protection-audit.entity';

export interface ProtectionAuditFilter {
  action?: string;
  actor?: string;
  outcome?: string;
}

/** Append-only audit of what was done with each organization's data keys. */
@Injectable()
export class ProtectionAuditRepository {
  constructor(private readonly db: TenantDb) {}

  record(event: ProtectionAuditEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.insert(ProtectionAuditEntity, event)));
  }

  page(
    organizationId: string,
    filter: ProtectionAuditFilter,
    query: CursorQueryDto,
  ): Promise<CursorPage<ProtectionAuditEntity>> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(ProtectionAuditEntity, 'audit')
        .where('audit.organization_id = :organizationId', { organizationId });
      if (filter.action) qb.andWhere('audit.action = :action', filter);
      if (filter.actor) qb.andWhere('audit.actor = :actor', filter);
      if (filter.outcome) qb.andWhere('audit.outcome = :outcome', filter);
      return cursorPage(qb, query);
    });
  }
}

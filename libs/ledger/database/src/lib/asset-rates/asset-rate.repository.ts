import { Injectable } from '@nestjs/common';
import type { CursorPage, CursorQueryDto, Metadata } from '@finplat/ledger-domain';
import { newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { cursorPage } from '../common/list-queries';
import { AssetRateEntity } from './asset-rate.entity';

/** What a `PUT` sets on the rate of a pair. */
export interface AssetRateWrite {
  organizationId: string;
  ledgerId: string;
  from: string;
  to: string;
  /** Canonical decimal text. */
  rate: string;
  scale: number;
  source: string | null;
  ttl: number;
  /** Kept on update when absent; generated on create. */
  externalId?: string;
  /** Absent: the rate's metadata becomes `{}`. Present: merged; keys set to null are removed. */
  metadata?: Metadata;
}

interface AssetRateRow {
  id: string;
  organization_id: string;
  ledger_id: string;
  external_id: string;
  from: string;
  to: string;
  rate: string;
  scale: number | null;
  source: string | null;
  ttl: string;
  metadata: Metadata;
  created_at: Date;
  updated_at: Date;
}

const toEntity = (row: AssetRateRow): AssetRateEntity =>
  Object.assign(new AssetRateEntity(), {
    id: row.id,
    organizationId: row.organization_id,
    ledgerId: row.ledger_id,
    externalId: row.external_id,
    from: row.from,
    to: row.to,
    rate: row.rate,
    scale: row.scale,
    source: row.source,
    ttl: row.ttl,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

/**
 * One statement creates or replaces the rate of (ledger, from, to), so concurrent PUTs of a pair
 * never collide: the unique index on the pair is the arbiter.
 */
const UPSERT = `
  INSERT INTO asset_rate AS r
         (id, organization_id, ledger_id, external_id, "from", "to", rate, scale, source, ttl,
          metadata, created_at, updated_at)
  VALUES ($1, $2, $3, COALESCE($4::uuid, $5::uuid), $6, $7, $8::numeric, $9, $10, $11::bigint,
          $12::jsonb, now(), now())
  ON CONFLICT (ledger_id, "from", "to") DO UPDATE SET
         rate = EXCLUDED.rate,
         scale = EXCLUDED.scale,
         source = EXCLUDED.source,
         ttl = EXCLUDED.ttl,
         external_id = COALESCE($4::uuid, r.external_id),
         metadata = CASE WHEN $13::boolean THEN (r.metadata || $12::jsonb) - $14::text[]
                         ELSE '{}'::jsonb END,
         updated_at = now()
  RETURNING r.id, r.organization_id, r.ledger_id, r.external_id, r."from", r."to",
            r.rate::text AS rate, r.scale, r.source, r.ttl::text AS ttl, r.metadata,
            r.created_at, r.updated_at`;

@Injectable()
export class AssetRateRepository {
  constructor(private readonly db: TenantDb) {}

  upsert(write: AssetRateWrite): Promise<AssetRateEntity> {
    const entries = Object.entries(write.metadata ?? {});
    const set = Object.fromEntries(entries.filter(([, value]) => value !== null));
    const removed = entries.filter(([, value]) => value === null).map(([key]) => key);
    return this.db.transaction(async (m) => {
      const rows: AssetRateRow[] = await m.query(UPSERT, [
        newId(),
        write.organizationId,
        write.ledgerId,
        write.externalId ?? null,
        newId(),
        write.from,
        write.to,
        write.rate,
        write.scale,
        write.source,
        String(write.ttl),
        JSON.stringify(set),
        write.metadata !== undefined,
        removed,
      ]);
      return toEntity(rows[0]);
    });
  }

  findByExternalId(
    organizationId: string,
    ledgerId: string,
    externalId: string,
  ): Promise<AssetRateEntity | null> {
    return this.db.transaction((m) =>
      m.findOneBy(AssetRateEntity, { organizationId, ledgerId, externalId }),
    );
  }

  /** A cursor page of the rates from `from`, optionally only to the given codes. */
  listFrom(
    organizationId: string,
    ledgerId: string,
    from: string,
    to: readonly string[],
    query: CursorQueryDto,
  ): Promise<CursorPage<AssetRateEntity>> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(AssetRateEntity, 'rate')
        .where('rate.organization_id = :organizationId', { organizationId })
        .andWhere('rate.ledger_id = :ledgerId', { ledgerId })
        .andWhere('rate."from" = :from', { from });
      if (to.length > 0) qb.andWhere('rate."to" IN (:...to)', { to });
      return cursorPage(qb, query);
    });
  }
}

import type { AssetRateEntity } from '@finplat/ledger-database';
import type { Metadata } from '@finplat/ledger-domain';

/**
 * Midaz's AssetRate. The spec types `rate` as a JSON number: the stored `numeric` is sent as
 * the nearest double (exact for the rates people use; Midaz itself keeps a float64).
 */
export interface AssetRateResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  externalId: string;
  from: string;
  to: string;
  rate: number;
  scale: number | null;
  source: string | null;
  ttl: number;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
}

export function toAssetRateResponse(entity: AssetRateEntity): AssetRateResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    externalId: entity.externalId,
    from: entity.from,
    to: entity.to,
    rate: Number(entity.rate),
    scale: entity.scale,
    source: entity.source,
    ttl: Number(entity.ttl),
    metadata: entity.metadata,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

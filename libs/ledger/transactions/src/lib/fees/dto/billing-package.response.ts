import type { BillingPackageEntity, BillingTermsRecord } from '@finplat/ledger-database';

/**
 * Midaz's `FeeBillingPackage`: the common fields and the terms of its type; `deletedAt` is
 * left out while the package is live (the contract types it a plain string).
 */
export type BillingPackageResponse = BillingTermsRecord & {
  id: string;
  organizationId: string;
  ledgerId: string;
  label: string;
  description?: string;
  type: string;
  assetCode: string;
  enable: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
};

export interface BillingPackagePage {
  items: BillingPackageResponse[];
  page: number;
  limit: number;
  total: number;
}

export function toBillingPackageResponse(p: BillingPackageEntity): BillingPackageResponse {
  return {
    id: p.id,
    organizationId: p.organizationId,
    ledgerId: p.ledgerId,
    label: p.label,
    ...(p.description !== null ? { description: p.description } : {}),
    type: p.type,
    assetCode: p.assetCode,
    enable: p.enable,
    ...p.terms,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(p.deletedAt ? { deletedAt: p.deletedAt.toISOString() } : {}),
  };
}

import { formatAmount, Money } from '@finplat/ledger-domain';
import type { FeePackageEntity, FeeRecord } from '@finplat/ledger-database';

/** Midaz's `FeePackage`: every field the contract requires, `""` for an unset segment. */
export interface FeePackageResponse {
  id: string;
  feeGroupLabel: string;
  description: string | null;
  segmentId: string;
  ledgerId: string;
  transactionRoute: string | null;
  minimumAmount: string;
  maximumAmount: string;
  waivedAccounts: string[];
  fees: Record<string, FeeRecord>;
  enable: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface FeePackagePage {
  items: FeePackageResponse[];
  page: number;
  limit: number;
  total: number;
}

export function toFeePackageResponse(p: FeePackageEntity): FeePackageResponse {
  return {
    id: p.id,
    feeGroupLabel: p.feeGroupLabel,
    description: p.description,
    segmentId: p.segmentId ?? '',
    ledgerId: p.ledgerId,
    transactionRoute: p.transactionRoute,
    minimumAmount: formatAmount(new Money(p.minimumAmount)),
    maximumAmount: formatAmount(new Money(p.maximumAmount)),
    waivedAccounts: p.waivedAccounts,
    fees: p.fees,
    enable: p.enable,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    deletedAt: p.deletedAt ? p.deletedAt.toISOString() : null,
  };
}

import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { LedgersService } from '@finplat/ledger-onboarding';
import { formatAmount, Money } from '@finplat/ledger-domain';
import type { ResolvedLeg } from '../posting/resolve-legs';
import { parseTotal, requestLegs } from '../transactions/request-legs';
import type { EstimateFeesDto, EstimateLeg, FeeEstimateResponse } from './dto/estimate.dto';
import { FeeApplicationService } from './fee-application.service';
import { termsOfPackage, type FeeOutcome } from './fee-engine';
import { feePackageNotFound, FeePackagesService } from './fee-packages.service';

/**
 * `POST …/estimates`: the fees a /json transaction would pay — with the package it would
 * match, or with the one named — and the legs it would post. Reads only.
 */
@Injectable()
export class EstimateFeesUseCase {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly packages: FeePackagesService,
    private readonly fees: FeeApplicationService,
    private readonly db: TenantDb,
  ) {}

  async execute(organizationId: string, dto: EstimateFeesDto): Promise<FeeEstimateResponse> {
    const { send } = dto.transaction;
    const total = parseTotal(send.value);
    const legs = requestLegs('json', send, total);
    await this.ledgers.require(organizationId, dto.ledgerId);
    const subject = {
      total,
      legs,
      route: dto.transaction.route,
      routeId: dto.transaction.routeId,
    };
    let outcome: FeeOutcome;
    if (dto.packageId) {
      const { packageId } = dto;
      const pkg = await this.db.transaction((m) =>
        this.packages.require(m, organizationId, packageId),
      );
      // A package prices only its own ledger's transactions.
      if (pkg.ledgerId !== dto.ledgerId) throw feePackageNotFound(packageId);
      outcome = this.fees.applyPackage(termsOfPackage(pkg), subject);
    } else {
      outcome = await this.fees.apply(organizationId, dto.ledgerId, subject);
    }
    return toEstimate(send.asset, outcome);
  }
}

function toEstimate(asset: string, outcome: FeeOutcome): FeeEstimateResponse {
  const leg = (l: ResolvedLeg): EstimateLeg => ({
    accountAlias: l.accountAlias,
    balanceKey: l.balanceKey,
    amount: { asset, value: formatAmount(l.amount) },
    ...(l.description ? { description: l.description } : {}),
    ...(l.routeId ? { routeId: l.routeId } : {}),
  });
  return {
    packageId: outcome.package?.id ?? '',
    feeGroupLabel: outcome.package?.feeGroupLabel ?? '',
    waived: outcome.waived,
    fees: outcome.fees.map((f) => ({
      name: f.name,
      feeLabel: f.feeLabel,
      amount: formatAmount(f.amount),
      creditAccount: f.creditAccount,
      isDeductibleFrom: f.isDeductibleFrom,
      payer: f.payer,
    })),
    totalFees: formatAmount(outcome.fees.reduce((s, f) => s.plus(f.amount), new Money(0))),
    transaction: {
      send: {
        asset,
        value: formatAmount(outcome.total),
        source: { from: outcome.legs.filter((l) => l.side === 'source').map(leg) },
        distribute: { to: outcome.legs.filter((l) => l.side === 'destination').map(leg) },
      },
    },
  };
}

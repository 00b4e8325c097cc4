import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { EntityManager } from 'typeorm';
import { LedgersService } from '@finplat/ledger-onboarding';
import { BillingPackageEntity } from '@finplat/ledger-database';
import { formatAmount, Money } from '@finplat/ledger-domain';
import type { CalculateBillingDto } from './dto/billing-package.dto';
import { periodWindow, priceVolume } from './billing.rules';
import { billingPackageNotFound } from './billing-packages.service';

export interface BillingResult {
  billingPackageId: string;
  billingPackageLabel: string;
  billingType: string;
  period: string;
  totalAccounts: number;
  totalCharged: number;
  totalSkipped: number;
  totalNetAmount: string;
  /** A /transactions/json body that books the charges; null when nothing is charged. */
  transactionPayload: Record<string, unknown> | null;
}

export interface BillingCalculation {
  results: BillingResult[];
  summary: {
    totalResults: number;
    totalVolume: number;
    totalMaintenance: number;
    totalNetAmount: string;
  };
}

interface Charge {
  alias: string;
  amount: Money;
}

const EXTERNAL = '@external/%';

/**
 * `POST …/billing/calculate`: what each billing package of a ledger charges for a month, as
 * the transaction to post (nothing is posted; the caller posts it, with its own idempotency
 * key). Volume counts, per account debited, the transactions of the period (by transaction
 * date, reverts excluded) through the filter's route in the filter's status; maintenance
 * charges each targeted live account of the package's asset.
 */
@Injectable()
export class CalculateBillingUseCase {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly db: TenantDb,
  ) {}

  async execute(organizationId: string, dto: CalculateBillingDto): Promise<BillingCalculation> {
    const window = periodWindow(dto.period);
    await this.ledgers.require(organizationId, dto.ledgerId);
    return this.db.transaction(async (m) => {
      const packages = await this.packagesOf(m, organizationId, dto);
      const results: BillingResult[] = [];
      for (const pkg of packages) {
        const { charges, skipped } =
          pkg.type === 'volume'
            ? await this.volume(m, organizationId, pkg, window)
            : await this.maintenance(m, organizationId, pkg);
        results.push(resultOf(pkg, dto.period, charges, skipped));
      }
      return {
        results,
        summary: {
          totalResults: results.length,
          totalVolume: results.filter((r) => r.billingType === 'volume').length,
          totalMaintenance: results.filter((r) => r.billingType === 'maintenance').length,
          totalNetAmount: formatAmount(
            results.reduce((s, r) => s.plus(r.totalNetAmount), new Money(0)),
          ),
        },
      };
    });
  }

  private async packagesOf(
    m: EntityManager,
    organizationId: string,
    dto: CalculateBillingDto,
  ): Promise<BillingPackageEntity[]> {
    const qb = m
      .createQueryBuilder(BillingPackageEntity, 'b')
      .where(
        'b.organization_id = :organizationId AND b.ledger_id = :ledgerId AND b.deleted_at IS NULL',
        { organizationId, ledgerId: dto.ledgerId },
      )
      .orderBy('b.created_at', 'ASC')
      .addOrderBy('b.id', 'ASC');
    if (!dto.billingPackageIds) return qb.andWhere('b.enable').getMany();
    const ids = [...new Set(dto.billingPackageIds)];
    const found = await qb.andWhere('b.id IN (:...ids)', { ids }).getMany();
    const missing = ids.find((id) => !found.some((p) => p.id === id));
    if (missing) throw billingPackageNotFound(missing);
    return found;
  }

  private async volume(
    m: EntityManager,
    organizationId: string,
    pkg: BillingPackageEntity,
    window: { from: Date; to: Date },
  ): Promise<{ charges: Charge[]; skipped: number }> {
    const { terms } = pkg;
    const filter = terms.eventFilter as { transactionRoute: string; status: string };
    const target = terms.accountTarget ?? {};
    const rows: { alias: string; n: number }[] = await m.query(
      `SELECT o.account_alias AS alias, count(DISTINCT o.transaction_id)::int AS n
         FROM operation o
         JOIN "transaction" t ON t.id = o.transaction_id
         JOIN account a ON a.id = o.account_id
        WHERE t.organization_id = $1 AND t.ledger_id = $2 AND t.deleted_at IS NULL
          AND t.parent_transaction_id IS NULL AND t.status = $3
          AND (t.route = $4 OR t.route_id::text = $4)
          AND t.transaction_date >= $5 AND t.transaction_date < $6
          AND o.direction = 'debit' AND o.account_alias NOT LIKE $7 AND o.asset_code = $8
          AND ($9::text[] IS NULL OR o.account_alias = ANY($9::text[]))
          AND ($10::uuid IS NULL OR a.portfolio_id = $10::uuid)
          AND ($11::uuid IS NULL OR a.segment_id = $11::uuid)
        GROUP BY o.account_alias
        ORDER BY o.account_alias`,
      [
        organizationId,
        pkg.ledgerId,
        filter.status,
        filter.transactionRoute,
        window.from,
        window.to,
        EXTERNAL,
        pkg.assetCode,
        target.aliases ?? null,
        target.portfolioId ?? null,
        target.segmentId ?? null,
      ],
    );
    // One account paying for all prices the ledger's whole count together.
    const counted = terms.debitAccountAlias
      ? rows.length > 0
        ? [{ alias: terms.debitAccountAlias, n: rows.reduce((s, r) => s + r.n, 0) }]
        : []
      : rows;
    const priced = counted.map((r) => ({ alias: r.alias, amount: priceVolume(terms, r.n) }));
    const charges = priced.filter((c) => c.amount.gt(0));
    return { charges, skipped: priced.length - charges.length };
  }

  private async maintenance(
    m: EntityManager,
    organizationId: string,
    pkg: BillingPackageEntity,
  ): Promise<{ charges: Charge[]; skipped: number }> {
    const { terms } = pkg;
    const target = terms.accountTarget ?? {};
    const rows: { alias: string; status: string }[] = await m.query(
      `SELECT alias, status FROM account
        WHERE organization_id = $1 AND ledger_id = $2 AND deleted_at IS NULL
          AND alias NOT LIKE $3 AND asset_code = $4
          AND ($5::text[] IS NULL OR alias = ANY($5::text[]))
          AND ($6::uuid IS NULL OR portfolio_id = $6::uuid)
          AND ($7::uuid IS NULL OR segment_id = $7::uuid)
        ORDER BY alias`,
      [
        organizationId,
        pkg.ledgerId,
        EXTERNAL,
        pkg.assetCode,
        target.aliases ?? null,
        target.portfolioId ?? null,
        target.segmentId ?? null,
      ],
    );
    // The account collecting the charges, and inactive accounts, are not charged.
    const billed = rows.filter(
      (r) => r.alias !== terms.maintenanceCreditAccount && r.status === 'ACTIVE',
    );
    const fee = new Money(terms.feeAmount as string);
    const charges = fee.gt(0) ? billed.map((r) => ({ alias: r.alias, amount: fee })) : [];
    return { charges, skipped: rows.length - charges.length };
  }
}

function resultOf(
  pkg: BillingPackageEntity,
  period: string,
  charges: Charge[],
  skipped: number,
): BillingResult {
  const total = charges.reduce((s, c) => s.plus(c.amount), new Money(0));
  const credit =
    pkg.type === 'volume' ? pkg.terms.creditAccountAlias : pkg.terms.maintenanceCreditAccount;
  const amount = (value: Money) => ({ asset: pkg.assetCode, value: formatAmount(value) });
  return {
    billingPackageId: pkg.id,
    billingPackageLabel: pkg.label,
    billingType: pkg.type,
    period,
    totalAccounts: charges.length + skipped,
    totalCharged: charges.length,
    totalSkipped: skipped,
    totalNetAmount: formatAmount(total),
    transactionPayload:
      charges.length === 0
        ? null
        : {
            description: `${pkg.label} ${period}`,
            metadata: { billingPackageId: pkg.id, billingPeriod: period },
            send: {
              asset: pkg.assetCode,
              value: formatAmount(total),
              source: {
                from: charges.map((c) => ({ accountAlias: c.alias, amount: amount(c.amount) })),
              },
              distribute: { to: [{ accountAlias: credit, amount: amount(total) }] },
            },
          },
  };
}

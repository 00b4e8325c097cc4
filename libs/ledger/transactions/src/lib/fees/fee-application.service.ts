import { Injectable } from '@nestjs/common';
import { TenantDb, type SqlStatements } from '@finplat/tenancy';
import type { FeeRecord } from '@finplat/ledger-database';
import { Money } from '@finplat/ledger-domain';
import {
  applyFees,
  choosePackage,
  type FeeOutcome,
  type FeePackageTerms,
  type FeeSubject,
} from './fee-engine';

interface PackageRow {
  id: string;
  fee_group_label: string;
  segment_id: string | null;
  transaction_route: string | null;
  minimum_amount: string;
  maximum_amount: string;
  waived_accounts: string[];
  fees: Record<string, FeeRecord>;
  created_at: Date;
}

const termsOf = (row: PackageRow): FeePackageTerms => ({
  id: row.id,
  feeGroupLabel: row.fee_group_label,
  segmentId: row.segment_id,
  transactionRoute: row.transaction_route,
  minimumAmount: new Money(row.minimum_amount),
  maximumAmount: new Money(row.maximum_amount),
  waivedAccounts: row.waived_accounts,
  fees: row.fees,
  createdAt: new Date(row.created_at),
});

/**
 * Finds the fee package a new transaction pays and adds its fee legs, before the posting
 * engine sees the transaction: the fees are then ordinary legs, checked and posted
 * atomically with the rest. Package configuration is read per transaction (one indexed
 * statement; a second only when a candidate is limited to a segment), so a package
 * changed a moment ago applies to the next transaction.
 */
@Injectable()
export class FeeApplicationService {
  constructor(private readonly db: TenantDb) {}

  /** The transaction with the fees of the package it matches (none: unchanged). */
  apply(organizationId: string, ledgerId: string, subject: FeeSubject): Promise<FeeOutcome> {
    return this.db.statements(async (sql) => {
      const candidates = await this.candidates(sql, organizationId, ledgerId, subject.total);
      if (candidates.length === 0) return applyFees(undefined, subject);
      const segments = candidates.some((p) => p.segmentId !== null)
        ? await this.segmentsOf(sql, ledgerId, subject)
        : new Map<string, string | null>();
      return applyFees(
        choosePackage(candidates, subject, (a) => segments.get(a)),
        subject,
      );
    });
  }

  /** With one given package (an estimate), whether or not the transaction matches it. */
  applyPackage(pkg: FeePackageTerms, subject: FeeSubject): FeeOutcome {
    return applyFees(pkg, subject);
  }

  private async candidates(
    sql: SqlStatements,
    organizationId: string,
    ledgerId: string,
    total: Money,
  ): Promise<FeePackageTerms[]> {
    const rows = await sql.query<PackageRow[]>(
      `SELECT id, fee_group_label, segment_id, transaction_route, minimum_amount::text,
              maximum_amount::text, waived_accounts, fees, created_at
         FROM fee_package
        WHERE ledger_id = $1 AND organization_id = $2 AND enable AND deleted_at IS NULL
          AND minimum_amount <= $3::numeric AND maximum_amount >= $3::numeric`,
      [ledgerId, organizationId, total.toFixed()],
    );
    return rows.map(termsOf);
  }

  private async segmentsOf(
    sql: SqlStatements,
    ledgerId: string,
    subject: FeeSubject,
  ): Promise<Map<string, string | null>> {
    const aliases = [
      ...new Set(subject.legs.filter((l) => l.side === 'source').map((l) => l.accountAlias)),
    ];
    const rows = await sql.query<{ alias: string; segment_id: string | null }[]>(
      `SELECT alias, segment_id FROM account
        WHERE ledger_id = $1 AND alias = ANY($2::text[]) AND deleted_at IS NULL`,
      [ledgerId, aliases],
    );
    return new Map(rows.map((r) => [r.alias, r.segment_id]));
  }
}

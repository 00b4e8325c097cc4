import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import type { AccountFacts } from './tracer-consult';

/** What a consult needs to know before its posting batch, read in one statement. */
export interface ConsultFacts {
  /** The ledger's stored settings (raw jsonb), fresh: a consult uses today's timeout. */
  settings: unknown;
  /** The transaction's principal account, when the alias names one. */
  account?: AccountFacts;
}

/** What the tracer is told about a transaction, read before its posting batch. */
@Injectable()
export class TracerFactsRepository {
  constructor(private readonly db: TenantDb) {}

  /** The ledger's settings and the account of an alias in it; undefined for no such ledger. */
  async read(ledgerId: string, alias: string | undefined): Promise<ConsultFacts | undefined> {
    const rows = await this.db.statements((sql) =>
      sql.query<
        {
          settings: unknown;
          id: string | null;
          type: string;
          status: string;
          segment_id: string | null;
          portfolio_id: string | null;
        }[]
      >(
        `SELECT l.settings, a.id, a.type, a.status, a.segment_id, a.portfolio_id
           FROM ledger l
           LEFT JOIN account a
             ON a.ledger_id = l.id AND a.alias = $2 AND a.deleted_at IS NULL
          WHERE l.id = $1 AND l.deleted_at IS NULL
          LIMIT 1`,
        [ledgerId, alias ?? null],
      ),
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      settings: row.settings,
      ...(row.id
        ? {
            account: {
              id: row.id,
              type: row.type,
              status: row.status,
              segmentId: row.segment_id,
              portfolioId: row.portfolio_id,
            },
          }
        : {}),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';

/** One version of an organization's data keys, both wrapped by the KEK named `kekId`. */
export interface WrappedDataKey {
  organizationId: string;
  version: number;
  aeadKey: Buffer;
  tokenKey: Buffer;
  kekId: string;
  enabled: boolean;
  createdAt: Date;
}

interface Row {
  organization_id: string;
  version: number;
  aead_key: Buffer;
  token_key: Buffer;
  kek_id: string;
  enabled: boolean;
  created_at: Date;
}

const toKey = (row: Row): WrappedDataKey => ({
  organizationId: row.organization_id,
  version: row.version,
  aeadKey: row.aead_key,
  tokenKey: row.token_key,
  kekId: row.kek_id,
  enabled: row.enabled,
  createdAt: row.created_at,
});

/** The wrapped data keys of the current tenant's organizations (never a plaintext key). */
@Injectable()
export class DataKeyRepository {
  constructor(private readonly db: TenantDb) {}

  /** Every version of the organization's keys, oldest first. */
  list(organizationId: string): Promise<WrappedDataKey[]> {
    return this.db.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `SELECT organization_id, version, aead_key, token_key, kek_id, enabled, created_at
           FROM crm_data_key WHERE organization_id = $1 ORDER BY version`,
        [organizationId],
      );
      return rows.map(toKey);
    });
  }

  /**
   * Adds a version, serialized per organization by a transaction-scoped advisory lock so two
   * instances provisioning at once agree on the numbering. Returns false when `version`
   * exists already (someone else won).
   */
  async insert(key: Omit<WrappedDataKey, 'createdAt' | 'enabled'>): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const rows: unknown[] = await m.query(
        `INSERT INTO crm_data_key (organization_id, version, aead_key, token_key, kek_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING version`,
        [key.organizationId, key.version, key.aeadKey, key.tokenKey, key.kekId],
      );
      return rows.length === 1;
    });
  }

  /** Holds the organization's key lock until the surrounding transaction ends. */
  lock(organizationId: string): Promise<void> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `crm-data-key:${organizationId}`,
      ]);
    });
  }

  /** Replaces the wrapping of one version (same keys, wrapped by another KEK). */
  rewrap(key: Omit<WrappedDataKey, 'createdAt' | 'enabled'>): Promise<void> {
    return this.db.transaction(async (m) => {
      await m.query(
        `UPDATE crm_data_key SET aead_key = $3, token_key = $4, kek_id = $5
          WHERE organization_id = $1 AND version = $2`,
        [key.organizationId, key.version, key.aeadKey, key.tokenKey, key.kekId],
      );
    });
  }
}

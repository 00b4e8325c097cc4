import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CRM (holders, instruments) with its field encryption: per-organization data keys
 * wrapped by the configured KEK, and the audit of what was done with them. PII columns hold
 * only `v<n>:<base64>` ciphertext; `*_token` columns hold HMAC search tokens (decision 0050).
 * Accounts gain `holder_id`; NULL means the organization's own self-holder.
 */
export class CreateCrm1766100000000 implements MigrationInterface {
  name = 'CreateCrm1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE crm_data_key (
        organization_id uuid NOT NULL REFERENCES organization (id),
        version integer NOT NULL CHECK (version > 0),
        aead_key bytea NOT NULL,
        token_key bytea NOT NULL,
        kek_id text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, version)
      );

      CREATE TABLE crm_protection_audit (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL,
        action text NOT NULL,
        actor text NOT NULL,
        outcome text NOT NULL,
        reason text NOT NULL DEFAULT '',
        from_status text NOT NULL DEFAULT '',
        to_status text NOT NULL DEFAULT '',
        request_id text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX crm_protection_audit_org_idx ON crm_protection_audit (organization_id, id);

      CREATE TABLE crm_holder (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        external_id text,
        type text NOT NULL,
        name text NOT NULL,
        document text NOT NULL,
        document_token text NOT NULL,
        addresses jsonb NOT NULL DEFAULT '{}'::jsonb,
        contact jsonb NOT NULL DEFAULT '{}'::jsonb,
        natural_person jsonb,
        legal_person jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE INDEX crm_holder_org_created_idx ON crm_holder (organization_id, created_at, id);
      CREATE INDEX crm_holder_document_token_idx ON crm_holder (organization_id, document_token);
      CREATE INDEX crm_holder_external_id_idx ON crm_holder (organization_id, external_id);
      CREATE INDEX crm_holder_metadata_idx ON crm_holder USING gin (metadata);

      CREATE TABLE crm_instrument (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization (id),
        holder_id uuid NOT NULL REFERENCES crm_holder (id) ON DELETE CASCADE,
        ledger_id uuid NOT NULL REFERENCES ledger (id),
        account_id uuid NOT NULL REFERENCES account (id),
        type text,
        document text,
        document_token text,
        banking_details jsonb NOT NULL DEFAULT '{}'::jsonb,
        banking_branch text,
        banking_account_token text,
        banking_iban_token text,
        regulatory_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        participant_document_token text,
        related_parties jsonb NOT NULL DEFAULT '[]'::jsonb,
        related_party_tokens text[] NOT NULL DEFAULT '{}',
        related_party_roles text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      -- One live instrument per account (CRM-0013).
      CREATE UNIQUE INDEX crm_instrument_account_uq
        ON crm_instrument (account_id) WHERE deleted_at IS NULL;
      CREATE INDEX crm_instrument_org_created_idx ON crm_instrument (organization_id, created_at, id);
      CREATE INDEX crm_instrument_holder_idx ON crm_instrument (holder_id);
      CREATE INDEX crm_instrument_document_token_idx ON crm_instrument (organization_id, document_token);
      CREATE INDEX crm_instrument_related_party_tokens_idx
        ON crm_instrument USING gin (related_party_tokens);
      CREATE INDEX crm_instrument_metadata_idx ON crm_instrument USING gin (metadata);

      ALTER TABLE account ADD COLUMN holder_id uuid;
      CREATE INDEX account_holder_idx ON account (organization_id, holder_id) WHERE deleted_at IS NULL;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE account DROP COLUMN holder_id;
      DROP TABLE crm_instrument;
      DROP TABLE crm_holder;
      DROP TABLE crm_protection_audit;
      DROP TABLE crm_data_key;
    `);
  }
}

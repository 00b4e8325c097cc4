-- pgbench script: the posting benchmark's two-leg transfer (tools/bench/ledger-posting.mjs),
-- the same double-entry work as its pg baseline, but driven by pgbench (C client, prepared
-- statements): lock both balances in id order, update both, insert the transaction row with
-- its jsonb body and its two operation rows with the balances before and after, commit.
-- Run with -M prepared and -D accounts=N -D org=UUID -D ledger=UUID on the tables the
-- benchmark creates (balance.n numbers the accounts 1..N).
\set a random(1, :accounts)
\set b random(1, :accounts - 1)
\if :b >= :a
\set b :b + 1
\endif
BEGIN;
SELECT id FROM balance WHERE n IN (:a, :b) AND deleted_at IS NULL ORDER BY id FOR UPDATE;
UPDATE balance SET available = available - 1.00, version = version + 1, updated_at = now()
 WHERE n = :a
 RETURNING id AS from_id, account_id AS from_account, alias AS from_alias,
           (available + 1.00)::text AS from_before, available::text AS from_after,
           on_hold::text AS from_hold, (version - 1)::text AS from_version, version::text AS from_next
\gset
UPDATE balance SET available = available + 1.00, version = version + 1, updated_at = now()
 WHERE n = :b
 RETURNING id AS to_id, account_id AS to_account, alias AS to_alias,
           (available - 1.00)::text AS to_before, available::text AS to_after,
           on_hold::text AS to_hold, (version - 1)::text AS to_version, version::text AS to_next
\gset
INSERT INTO tx (id, organization_id, ledger_id, description, kind, status, amount, asset_code,
                body, transaction_date, created_at, updated_at)
VALUES (gen_random_uuid(), :org, :ledger, 'pgbench ' || :client_id, 'json', 'APPROVED', 1.00, 'USD',
        jsonb_build_object(
          'request', jsonb_build_object(
            'description', 'pgbench',
            'send', jsonb_build_object('asset', 'USD', 'value', '1.00',
              'source', jsonb_build_object('from', jsonb_build_array(jsonb_build_object(
                'accountAlias', :from_alias::text, 'amount', jsonb_build_object('asset', 'USD', 'value', '1.00')))),
              'distribute', jsonb_build_object('to', jsonb_build_array(jsonb_build_object(
                'accountAlias', :to_alias::text, 'amount', jsonb_build_object('asset', 'USD', 'value', '1.00')))))),
          'legs', jsonb_build_array(
            jsonb_build_object('side', 'source', 'accountAlias', :from_alias::text, 'balanceKey', 'default', 'amount', '1'),
            jsonb_build_object('side', 'destination', 'accountAlias', :to_alias::text, 'balanceKey', 'default', 'amount', '1'))),
        now(), now(), now())
RETURNING id AS tx_id
\gset
INSERT INTO op (id, transaction_id, organization_id, ledger_id, account_id, account_alias, balance_id,
                balance_key, type, direction, asset_code, amount, available_before, on_hold_before,
                version_before, available_after, on_hold_after, version_after, status, created_at, updated_at)
VALUES (gen_random_uuid(), :tx_id, :org, :ledger, :from_account, :from_alias, :from_id, 'default', 'DEBIT',
        'debit', 'USD', 1.00, :from_before, :from_hold, :from_version, :from_after, :from_hold, :from_next,
        'APPROVED', now(), now()),
       (gen_random_uuid(), :tx_id, :org, :ledger, :to_account, :to_alias, :to_id, 'default', 'CREDIT',
        'credit', 'USD', 1.00, :to_before, :to_hold, :to_version, :to_after, :to_hold, :to_next,
        'APPROVED', now(), now());
COMMIT;

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant's audit trail: append-only, SHA-256 hash-chained inside PostgreSQL (decision
 * 0020). A BEFORE INSERT trigger locks the chain head (one row per tenant schema or
 * database), numbers the event right after it, links it to the head's hash and computes its
 * own, then advances the head, so concurrent writers queue on the head row and cannot fork
 * the chain. The head doubles as the anchor that verification compares with the last event:
 * removing events from the tail leaves the anchor pointing at an event that is gone.
 *
 * Append-only is PostgreSQL's job, twice over: UPDATE, DELETE and TRUNCATE privileges are
 * revoked from the role running the migrations (the app's role) and from PUBLIC, and
 * triggers refuse those statements for every role, superusers included, unless triggers are
 * explicitly bypassed. The head accepts only advances made by the chain trigger itself.
 */
export class CreateAuditEvents1764400001000 implements MigrationInterface {
  name = 'CreateAuditEvents1764400001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_events (
        id bigint PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        action text NOT NULL,
        result text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        actor_type text NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        actor_role text,
        actor_ip_address text NOT NULL,
        context jsonb NOT NULL DEFAULT '{}'::jsonb,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        previous_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_events_created_at_idx ON audit_events (created_at, id);
      CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id);
      CREATE UNIQUE INDEX audit_events_validation_once_uq ON audit_events (resource_id, event_type)
        WHERE resource_type = 'transaction';

      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_id bigint NOT NULL,
        last_hash text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO audit_chain_head (last_id, last_hash) VALUES (0, 'GENESIS');

      -- The one definition of an event's hash; verification recomputes it the same way.
      CREATE FUNCTION audit_event_hash(e audit_events) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
          SELECT encode(sha256(convert_to(concat_ws('|',
            e.previous_hash, e.id::text, e.event_id::text, e.event_type, e.action, e.result,
            e.resource_type, e.resource_id, e.actor_type, e.actor_id, e.actor_name,
            coalesce(e.actor_role, ''), e.actor_ip_address,
            to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            e.context::text, e.metadata::text), 'UTF8')), 'hex')
        $$;

      CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          head audit_chain_head%ROWTYPE;
        BEGIN
          -- The row lock serializes this tenant's writers until their transaction ends.
          SELECT * INTO STRICT head FROM audit_chain_head FOR UPDATE;
          NEW.id := head.last_id + 1;
          NEW.previous_hash := head.last_hash;
          -- Taken under the lock, so time order is chain order.
          NEW.created_at := clock_timestamp();
          NEW.hash := audit_event_hash(NEW);
          UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash, updated_at = now();
          RETURN NEW;
        END
      $$;
      CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

      CREATE FUNCTION tracer_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END
      $$;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION tracer_refuse_change();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION tracer_refuse_change();

      -- The anchor only moves forward, and only from inside the chain trigger.
      CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'UPDATE' OR pg_trigger_depth() < 2 OR NEW.last_id <> OLD.last_id + 1 THEN
            RAISE EXCEPTION 'audit_chain_head is advanced only by the audit chain: % refused', TG_OP
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END
      $$;
      CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
        FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();
      CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
        FOR EACH STATEMENT EXECUTE FUNCTION tracer_refuse_change();

      REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC, CURRENT_USER;
      REVOKE DELETE, TRUNCATE ON audit_chain_head FROM PUBLIC, CURRENT_USER;

      /*
       * Recomputes the chain from its first event up to up_to (every event when NULL): ids
       * contiguous from 1, each previous_hash equal to the hash before it, each hash equal to
       * its recomputation. Checking the whole chain also compares its last event with the
       * head anchor, which reveals a removed tail.
       */
      CREATE FUNCTION verify_audit_chain(up_to bigint)
        RETURNS TABLE (is_valid boolean, first_invalid_id bigint, total_checked bigint, message text)
        LANGUAGE plpgsql STABLE AS $$
        DECLARE
          e audit_events;
          expected_id bigint := 1;
          expected_previous text := 'GENESIS';
          checked bigint := 0;
          head audit_chain_head%ROWTYPE;
        BEGIN
          FOR e IN SELECT * FROM audit_events WHERE up_to IS NULL OR id <= up_to ORDER BY id LOOP
            IF e.id <> expected_id THEN
              RETURN QUERY SELECT false, expected_id, checked,
                format('event %s is missing from the chain', expected_id);
              RETURN;
            END IF;
            IF e.previous_hash <> expected_previous THEN
              RETURN QUERY SELECT false, e.id, checked,
                format('event %s does not link to the hash of event %s', e.id, e.id - 1);
              RETURN;
            END IF;
            IF e.hash <> audit_event_hash(e) THEN
              RETURN QUERY SELECT false, e.id, checked,
                format('event %s was altered: its hash does not match its content', e.id);
              RETURN;
            END IF;
            checked := checked + 1;
            expected_id := e.id + 1;
            expected_previous := e.hash;
          END LOOP;
          SELECT * INTO STRICT head FROM audit_chain_head;
          IF (up_to IS NULL OR up_to >= head.last_id) AND head.last_id <> checked THEN
            RETURN QUERY SELECT false, checked + 1, checked,
              format('the chain ends at event %s but its anchor records %s events: the tail was removed',
                checked, head.last_id);
            RETURN;
          END IF;
          IF (up_to IS NULL OR up_to >= head.last_id) AND head.last_hash <> expected_previous THEN
            RETURN QUERY SELECT false, checked, checked,
              format('the last event %s does not match the chain anchor', checked);
            RETURN;
          END IF;
          RETURN QUERY SELECT true, NULL::bigint, checked, 'hash chain intact'::text;
        END
      $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE audit_events, audit_chain_head;
      DROP FUNCTION verify_audit_chain(bigint), audit_events_chain(), audit_chain_head_guard(),
        tracer_refuse_change();
    `);
  }
}

-- Rounds recorded on a tablet without a network (issue #9). The tablet keeps its copy of the round
-- and its queue of entries encrypted with a key that only the signed-in user can fetch; entries
-- arrive later, each with the id the tablet gave it, and either become administrations or, when
-- the record moved on meanwhile, conflicts the nurse resolves. Nothing is merged silently and
-- nothing is deleted.

-- One key per member of staff: the tablet fetches it while signed in and keeps it only for the
-- tab's life, so a queue left on a tablet cannot be read without signing in as its author again.
CREATE TABLE tablet_queue_key (
    staff_id    uuid PRIMARY KEY REFERENCES staff (id),
    key         bytea NOT NULL CHECK (length(key) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- When an administration was entered offline: recorded_at is then the tablet's time of entry and
-- synced_at when the server received it. A nullable column without default: no table rewrite.
ALTER TABLE administration ADD COLUMN synced_at timestamptz;
ALTER TABLE administration ADD CONSTRAINT administration_synced_after_recorded
    CHECK (synced_at IS NULL OR synced_at >= recorded_at) NOT VALID;

CREATE TABLE offline_conflict (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- The tablet's id for the entry: a retried sync finds this row instead of making another.
    client_entry_id      uuid NOT NULL UNIQUE,
    patient_id           uuid NOT NULL REFERENCES patient (id),
    prescription_id      uuid NOT NULL REFERENCES prescription (id),
    establishment_id     uuid NOT NULL REFERENCES establishment (id),
    recorded_by          uuid NOT NULL REFERENCES staff (id),
    recorded_offline_at  timestamptz NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    -- The entry as the nurse made it: outcome, reason, round, swallow seen (never a password).
    outcome              text NOT NULL,
    reason               text,
    round_at             timestamptz,
    product_name         text NOT NULL,
    -- What the record said when the entry arrived, in words for the nurse.
    problem              text NOT NULL CHECK (length(btrim(problem)) > 0),
    resolution           text CHECK (resolution IN ('not_given', 'given')),
    resolution_note      text,
    resolved_by          uuid REFERENCES staff (id),
    resolved_at          timestamptz,
    CHECK ((resolution IS NULL) = (resolved_at IS NULL) AND (resolution IS NULL) = (resolved_by IS NULL)),
    CHECK (resolution IS NULL OR length(btrim(resolution_note)) >= 5)
);
CREATE INDEX offline_conflict_open ON offline_conflict (establishment_id, received_at) WHERE resolution IS NULL;
CREATE INDEX offline_conflict_patient ON offline_conflict (patient_id, received_at DESC);
CREATE TRIGGER offline_conflict_no_delete BEFORE DELETE ON offline_conflict FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER offline_conflict_no_truncate BEFORE TRUNCATE ON offline_conflict FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- The entry is evidence; only the one resolution may be written.
CREATE FUNCTION offline_conflict_resolve_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.resolved_at IS NOT NULL THEN
        RAISE EXCEPTION 'offline conflict % is already resolved', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.client_entry_id, NEW.patient_id, NEW.prescription_id, NEW.establishment_id, NEW.recorded_by,
        NEW.recorded_offline_at, NEW.received_at, NEW.outcome, NEW.reason, NEW.round_at, NEW.product_name, NEW.problem)
       IS DISTINCT FROM
       (OLD.client_entry_id, OLD.patient_id, OLD.prescription_id, OLD.establishment_id, OLD.recorded_by,
        OLD.recorded_offline_at, OLD.received_at, OLD.outcome, OLD.reason, OLD.round_at, OLD.product_name, OLD.problem) THEN
        RAISE EXCEPTION 'offline conflict % cannot be changed, only resolved', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER offline_conflict_resolve_once BEFORE UPDATE ON offline_conflict FOR EACH ROW EXECUTE FUNCTION offline_conflict_resolve_once();

INSERT INTO timeline_kind (code, title, sort_order) VALUES ('offline_entry', 'Offline round entry', 95);

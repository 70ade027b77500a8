-- Who looked at or changed which record, when, from where, and whether it was allowed.
-- Holds ids and action names only: never clinical content or NHS numbers.
CREATE TABLE audit_event (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       timestamptz NOT NULL DEFAULT now(),
    staff_id          uuid REFERENCES staff (id),
    establishment_id  uuid REFERENCES establishment (id),
    patient_id        uuid REFERENCES patient (id),
    action            text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
    outcome           text NOT NULL CHECK (outcome IN ('allowed', 'refused', 'failed')),
    detail            text NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_patient ON audit_event (patient_id, occurred_at DESC) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_staff ON audit_event (staff_id, occurred_at DESC);
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER patient_no_truncate BEFORE TRUNCATE ON patient FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER custody_episode_no_truncate BEFORE TRUNCATE ON custody_episode FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER movement_no_truncate BEFORE TRUNCATE ON movement FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER allergy_no_truncate BEFORE TRUNCATE ON allergy FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE TRIGGER alert_no_truncate BEFORE TRUNCATE ON alert FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

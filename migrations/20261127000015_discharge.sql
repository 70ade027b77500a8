-- The discharge summary written when a patient is released: what they left with (medicines and
-- quantities, the opioid substitution bridge), problems and alerts that matter in the community,
-- and follow-up. Kept as written, like the handover pack.
CREATE TABLE discharge_summary (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id            uuid NOT NULL REFERENCES patient (id),
    custody_episode_id    uuid NOT NULL REFERENCES custody_episode (id),
    establishment_id      uuid NOT NULL REFERENCES establishment (id),
    release_movement_id   uuid NOT NULL REFERENCES movement (id),
    written_by            uuid NOT NULL REFERENCES staff (id),
    written_at            timestamptz NOT NULL DEFAULT now(),
    community_prescriber  text NOT NULL DEFAULT '',
    content               jsonb NOT NULL,
    UNIQUE (custody_episode_id)
);
CREATE TRIGGER discharge_summary_no_delete BEFORE DELETE ON discharge_summary FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER discharge_summary_no_truncate BEFORE TRUNCATE ON discharge_summary FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE INDEX discharge_summary_patient ON discharge_summary (patient_id, written_at DESC);

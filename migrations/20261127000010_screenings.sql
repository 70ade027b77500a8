-- Reception health screening (NICE NG57): the first stage before the first night in a cell, the
-- second-stage health assessment within 7 days. Answers are kept as entered, structured.
CREATE TABLE screening (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    custody_episode_id        uuid NOT NULL REFERENCES custody_episode (id),
    stage                     text NOT NULL CHECK (stage IN ('first', 'second')),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    completed_by              uuid NOT NULL REFERENCES staff (id),
    completed_at              timestamptz NOT NULL DEFAULT now(),
    answers                   jsonb NOT NULL,
    -- Set by the first stage: when the second-stage assessment must be done by.
    second_stage_due_at       timestamptz,
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((stage = 'first') = (second_stage_due_at IS NOT NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER screening_no_delete BEFORE DELETE ON screening FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER screening_no_truncate BEFORE TRUNCATE ON screening FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE INDEX screening_episode ON screening (custody_episode_id, stage);

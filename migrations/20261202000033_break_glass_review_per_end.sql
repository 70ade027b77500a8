-- A break-glass use concerns two establishments: where the user was working and where the patient
-- was held. Each end's healthcare manager reviews it once, and nobody reviews their own use (a
-- single review on the access row let one end shut the other out, and let a manager approve
-- themselves).

-- The pair (id, staff_id) is unique already (id is the key); naming it lets a review row carry
-- the user's id under a foreign key, so the "not your own use" rule is a plain CHECK.
ALTER TABLE break_glass_access ADD CONSTRAINT break_glass_access_id_staff UNIQUE (id, staff_id);

CREATE TABLE break_glass_review (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    break_glass_id      uuid NOT NULL,
    -- Whose use this was (copied, and held to the access row by the foreign key below).
    used_by             uuid NOT NULL,
    -- The end this review speaks for.
    establishment_id    uuid NOT NULL REFERENCES establishment (id),
    reviewed_by         uuid NOT NULL REFERENCES staff (id),
    reviewed_at         timestamptz NOT NULL DEFAULT now(),
    outcome             text NOT NULL CHECK (outcome IN ('appropriate', 'inappropriate')),
    note                text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    FOREIGN KEY (break_glass_id, used_by) REFERENCES break_glass_access (id, staff_id),
    CONSTRAINT break_glass_review_not_own_use CHECK (reviewed_by <> used_by),
    CONSTRAINT break_glass_review_once_per_end UNIQUE (break_glass_id, establishment_id),
    CHECK (outcome <> 'inappropriate' OR length(btrim(note)) > 0)
);
CREATE INDEX break_glass_review_by ON break_glass_review (reviewed_by, reviewed_at DESC);

-- A review speaks for one of the use's two ends, never a third establishment.
CREATE FUNCTION break_glass_review_at_an_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM break_glass_access b
                   WHERE b.id = NEW.break_glass_id
                     AND NEW.establishment_id IN (b.establishment_id, b.patient_establishment_id)) THEN
        RAISE EXCEPTION 'establishment % is not an end of break-glass access %', NEW.establishment_id, NEW.break_glass_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'break_glass_review_at_an_end';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER break_glass_review_at_an_end BEFORE INSERT ON break_glass_review
    FOR EACH ROW EXECUTE FUNCTION break_glass_review_at_an_end();
CREATE TRIGGER break_glass_review_no_update BEFORE UPDATE ON break_glass_review FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER break_glass_review_no_delete BEFORE DELETE ON break_glass_review FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER break_glass_review_no_truncate BEFORE TRUNCATE ON break_glass_review FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- Reviews already written move across, for the end their reviewer works at (the user's end when
-- the reviewer works at both, or at neither any more). A self-review made before this rule stays
-- on the access row as history and no longer counts: the end has it to do again.
INSERT INTO break_glass_review (break_glass_id, used_by, establishment_id, reviewed_by, reviewed_at, outcome, note)
SELECT b.id, b.staff_id,
       CASE WHEN b.patient_establishment_id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM staff_establishment se
                             WHERE se.staff_id = b.reviewed_by AND se.establishment_id = b.patient_establishment_id)
                 AND NOT EXISTS (SELECT 1 FROM staff_establishment se
                                 WHERE se.staff_id = b.reviewed_by AND se.establishment_id = b.establishment_id)
            THEN b.patient_establishment_id ELSE b.establishment_id END,
       b.reviewed_by, b.reviewed_at, b.review_outcome, b.review_note
FROM break_glass_access b
WHERE b.reviewed_at IS NOT NULL AND b.reviewed_by <> b.staff_id;

-- The access row's own review columns are history from here on: nothing writes them.
COMMENT ON COLUMN break_glass_access.reviewed_by IS 'Before migration 33 only; reviews are in break_glass_review.';

-- Break-glass: a member of staff opens a record outside their legitimate relationship, giving a
-- reason. Read-only, time-limited, and reviewed afterwards by a healthcare manager. Rows are never
-- deleted; the review is written once.
CREATE TABLE break_glass_access (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    staff_id                  uuid NOT NULL REFERENCES staff (id),
    -- Where the user was working when they broke the glass.
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    -- Where the patient was held at that moment (NULL: released or in transit).
    patient_establishment_id  uuid REFERENCES establishment (id),
    reason                    text NOT NULL CHECK (length(btrim(reason)) BETWEEN 10 AND 500),
    started_at                timestamptz NOT NULL DEFAULT now(),
    expires_at                timestamptz NOT NULL,
    reviewed_by               uuid REFERENCES staff (id),
    reviewed_at               timestamptz,
    review_outcome            text CHECK (review_outcome IN ('appropriate', 'inappropriate')),
    review_note               text NOT NULL DEFAULT '',
    CHECK (expires_at > started_at),
    CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL) AND (reviewed_at IS NULL) = (review_outcome IS NULL)),
    CHECK (review_outcome IS DISTINCT FROM 'inappropriate' OR length(btrim(review_note)) > 0)
);
CREATE INDEX break_glass_access_open ON break_glass_access (staff_id, patient_id, expires_at DESC);
CREATE INDEX break_glass_access_from ON break_glass_access (establishment_id, started_at DESC);
CREATE INDEX break_glass_access_patient_at ON break_glass_access (patient_establishment_id, started_at DESC);
CREATE TRIGGER break_glass_access_no_delete BEFORE DELETE ON break_glass_access FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER break_glass_access_no_truncate BEFORE TRUNCATE ON break_glass_access FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

-- Only the review may change, and only once: the access itself is evidence.
CREATE FUNCTION break_glass_review_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.reviewed_at IS NOT NULL THEN
        RAISE EXCEPTION 'break-glass access % has already been reviewed', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.staff_id, NEW.establishment_id, NEW.patient_id, NEW.patient_establishment_id, NEW.reason, NEW.started_at, NEW.expires_at)
       IS DISTINCT FROM
       (OLD.staff_id, OLD.establishment_id, OLD.patient_id, OLD.patient_establishment_id, OLD.reason, OLD.started_at, OLD.expires_at) THEN
        RAISE EXCEPTION 'break-glass access % cannot be changed, only reviewed', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER break_glass_access_review_once BEFORE UPDATE ON break_glass_access FOR EACH ROW EXECUTE FUNCTION break_glass_review_once();

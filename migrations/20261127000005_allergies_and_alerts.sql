CREATE TABLE allergy (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    substance                 text NOT NULL CHECK (length(trim(substance)) > 0),
    reaction                  text NOT NULL CHECK (length(trim(reaction)) > 0),
    severity                  text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'life_threatening')),
    certainty                 text NOT NULL DEFAULT 'confirmed' CHECK (certainty IN ('suspected', 'confirmed')),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    recorded_by               uuid NOT NULL REFERENCES staff (id),
    recorded_at               timestamptz NOT NULL DEFAULT now(),
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL)),
    CHECK (entered_in_error_reason IS NULL OR length(trim(entered_in_error_reason)) > 0)
);
CREATE TRIGGER allergy_no_delete BEFORE DELETE ON allergy FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX allergy_patient ON allergy (patient_id, recorded_at DESC);

CREATE TABLE alert_type (
    code                      text PRIMARY KEY CHECK (code ~ '^[A-Z_]{2,20}$'),
    name                      text NOT NULL,
    category                  text NOT NULL CHECK (category IN ('clinical', 'risk')),
    -- Shown first on the banner and handover (e.g. ACCT open, Medical hold).
    priority                  integer NOT NULL,
    created_at                timestamptz NOT NULL DEFAULT now()
);
INSERT INTO alert_type (code, name, category, priority) VALUES
    ('ACCT', 'ACCT open', 'risk', 10),
    ('MEDICAL_HOLD', 'Medical hold', 'clinical', 20),
    ('VIOLENT', 'Violent – healthcare staff escort required', 'risk', 30),
    ('OST', 'On opioid substitution therapy', 'clinical', 40),
    ('EPILEPTIC', 'Epileptic', 'clinical', 50),
    ('DIABETIC', 'Diabetic', 'clinical', 60),
    ('PREGNANT', 'Pregnant', 'clinical', 70),
    ('BBV', 'Hepatitis / blood-borne virus', 'risk', 80),
    ('VULNERABLE', 'Vulnerable prisoner', 'risk', 90);

CREATE TABLE alert (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    alert_type                text NOT NULL REFERENCES alert_type (code),
    starts_at                 timestamptz NOT NULL,
    ends_at                   timestamptz,
    note                      text NOT NULL DEFAULT '',
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    raised_by                 uuid NOT NULL REFERENCES staff (id),
    raised_at                 timestamptz NOT NULL DEFAULT now(),
    closed_by                 uuid REFERENCES staff (id),
    closed_reason             text,
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK (ends_at IS NULL OR ends_at >= starts_at),
    CHECK ((closed_by IS NULL) = (closed_reason IS NULL)),
    CHECK (closed_by IS NULL OR ends_at IS NOT NULL),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER alert_no_delete BEFORE DELETE ON alert FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX alert_patient ON alert (patient_id, starts_at DESC);
CREATE INDEX alert_active ON alert (patient_id) WHERE ends_at IS NULL AND entered_in_error_at IS NULL;

-- Medicines: the bundled catalogue, prescriptions, administrations on rounds, the controlled-drug
-- register, in-possession supplies and the reviews that follow missed opioid substitution doses.

-- A curated subset of dm+d: one row per product as it is prescribed and given.
CREATE TABLE medicine_product (
    code              bigint PRIMARY KEY CHECK (code > 0),
    name              text NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    form              text NOT NULL CHECK (length(trim(form)) > 0),
    strength          text NOT NULL DEFAULT '',
    -- The unit a dose of this product is written and counted in (tablet, ml, puff, unit …);
    -- the controlled-drug register counts stock in the same unit.
    dose_unit         text NOT NULL CHECK (length(trim(dose_unit)) > 0),
    route             text NOT NULL CHECK (route IN ('oral', 'sublingual', 'buccal', 'inhaled', 'nasal', 'topical', 'transdermal',
                                                    'subcutaneous', 'intramuscular', 'intravenous', 'rectal', 'vaginal', 'eye', 'ear')),
    cd_schedule       smallint CHECK (cd_schedule BETWEEN 2 AND 5),
    is_ost            boolean NOT NULL DEFAULT false,
    -- Medicines whose omission harms quickly; they lead the handover and the first-night reconciliation.
    critical_class    text CHECK (critical_class IN ('ost', 'insulin', 'anti_epileptic', 'anticoagulant', 'antipsychotic', 'hiv')),
    -- Lower-case ingredient and class names an allergy may be recorded against (e.g. penicillins).
    allergy_terms     text[] NOT NULL DEFAULT '{}',
    CHECK (is_ost <= (critical_class = 'ost'))
);
CREATE INDEX medicine_product_name_trgm ON medicine_product USING gin (name gin_trgm_ops);

-- Each establishment's list of medicines never given to patients to keep (pharmacist-maintained).
CREATE TABLE never_in_possession (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    establishment_id  uuid NOT NULL REFERENCES establishment (id),
    product_code      bigint NOT NULL REFERENCES medicine_product (code),
    reason            text NOT NULL CHECK (length(trim(reason)) > 0),
    added_by          uuid NOT NULL REFERENCES staff (id),
    added_at          timestamptz NOT NULL DEFAULT now(),
    removed_by        uuid REFERENCES staff (id),
    removed_at        timestamptz,
    removed_reason    text,
    CHECK ((removed_at IS NULL) = (removed_by IS NULL)),
    CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
);
CREATE TRIGGER never_in_possession_no_delete BEFORE DELETE ON never_in_possession FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE UNIQUE INDEX never_in_possession_current ON never_in_possession (establishment_id, product_code) WHERE removed_at IS NULL;

CREATE TABLE prescription (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    product_code              bigint NOT NULL REFERENCES medicine_product (code),
    dose                      numeric(10, 3) NOT NULL CHECK (dose > 0),
    route                     text NOT NULL,
    kind                      text NOT NULL CHECK (kind IN ('regular', 'prn')),
    -- Regular doses fall on the establishment's round times; PRN doses have none.
    round_times               time[] NOT NULL DEFAULT '{}',
    supply                    text NOT NULL CHECK (supply IN ('in_possession', 'not_in_possession', 'supervised')),
    prn_min_interval_minutes  integer CHECK (prn_min_interval_minutes BETWEEN 1 AND 10080),
    prn_max_per_24h           integer CHECK (prn_max_per_24h BETWEEN 1 AND 24),
    starts_on                 date NOT NULL,
    ends_on                   date,
    review_on                 date,
    indication                text NOT NULL CHECK (length(trim(indication)) > 0),
    allergy_override_reason   text CHECK (allergy_override_reason IS NULL OR length(trim(allergy_override_reason)) > 0),
    prescribed_by             uuid NOT NULL REFERENCES staff (id),
    prescribed_at             timestamptz NOT NULL DEFAULT now(),
    -- A change is a stop and a new prescription that names the one it replaces.
    replaces_id               uuid REFERENCES prescription (id),
    stopped_at                timestamptz,
    stopped_by                uuid REFERENCES staff (id),
    stopped_reason            text,
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((kind = 'regular') = (cardinality(round_times) > 0)),
    CHECK ((kind = 'prn') = (prn_min_interval_minutes IS NOT NULL)),
    CHECK ((kind = 'prn') = (prn_max_per_24h IS NOT NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CHECK ((stopped_at IS NULL) = (stopped_by IS NULL)),
    CHECK ((stopped_at IS NULL) = (stopped_reason IS NULL)),
    CHECK (stopped_reason IS NULL OR length(trim(stopped_reason)) > 0),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER prescription_no_delete BEFORE DELETE ON prescription FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX prescription_patient ON prescription (patient_id, prescribed_at DESC);
CREATE INDEX prescription_active ON prescription (patient_id) WHERE stopped_at IS NULL AND entered_in_error_at IS NULL;
CREATE UNIQUE INDEX prescription_replaced_once ON prescription (replaces_id) WHERE replaces_id IS NOT NULL;

CREATE TABLE administration (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prescription_id           uuid NOT NULL REFERENCES prescription (id),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    -- The round a regular dose belongs to (the round time that day, as an instant); NULL for PRN.
    scheduled_for             timestamptz,
    outcome                   text NOT NULL CHECK (outcome IN ('given', 'refused', 'did_not_attend', 'not_available', 'withheld', 'patient_away', 'self_administered')),
    reason                    text,
    dose                      numeric(10, 3) NOT NULL CHECK (dose > 0),
    swallow_confirmed         boolean NOT NULL DEFAULT false,
    witnessed_by              uuid REFERENCES staff (id),
    recorded_by               uuid NOT NULL REFERENCES staff (id),
    recorded_at               timestamptz NOT NULL DEFAULT now(),
    -- Generated by the tablet, so a retried or re-synced entry is recognised and never doubled.
    client_entry_id           uuid UNIQUE,
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK (outcome IN ('given', 'self_administered') OR length(trim(coalesce(reason, ''))) > 0),
    CHECK (witnessed_by IS NULL OR witnessed_by <> recorded_by),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER administration_no_delete BEFORE DELETE ON administration FOR EACH ROW EXECUTE FUNCTION forbid_delete();
-- Double-dose prevention: a scheduled dose is recorded once, whichever tablet is first.
CREATE UNIQUE INDEX administration_once ON administration (prescription_id, scheduled_for)
    WHERE scheduled_for IS NOT NULL AND entered_in_error_at IS NULL;
CREATE INDEX administration_prescription ON administration (prescription_id, recorded_at DESC);
CREATE INDEX administration_patient ON administration (patient_id, recorded_at DESC);

-- The controlled-drug register: one running balance per product per establishment, and every
-- movement of stock with who recorded and who witnessed it. A balance never goes below zero.
CREATE TABLE cd_stock (
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    product_code              bigint NOT NULL REFERENCES medicine_product (code),
    balance                   numeric(12, 3) NOT NULL DEFAULT 0 CONSTRAINT cd_balance_not_negative CHECK (balance >= 0),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (establishment_id, product_code)
);

CREATE TABLE cd_register_entry (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    product_code              bigint NOT NULL REFERENCES medicine_product (code),
    kind                      text NOT NULL CHECK (kind IN ('receipt', 'administration', 'return', 'adjustment')),
    -- Signed change to the balance: receipts add, administrations and returns take away.
    quantity                  numeric(12, 3) NOT NULL CHECK (quantity <> 0),
    balance_after             numeric(12, 3) NOT NULL CHECK (balance_after >= 0),
    administration_id         uuid UNIQUE REFERENCES administration (id),
    patient_id                uuid REFERENCES patient (id),
    note                      text NOT NULL DEFAULT '',
    recorded_by               uuid NOT NULL REFERENCES staff (id),
    witnessed_by              uuid NOT NULL REFERENCES staff (id),
    recorded_at               timestamptz NOT NULL DEFAULT now(),
    CHECK (witnessed_by <> recorded_by),
    CHECK ((kind = 'administration') = (administration_id IS NOT NULL)),
    CHECK (kind NOT IN ('receipt') OR quantity > 0),
    CHECK (kind NOT IN ('administration', 'return') OR quantity < 0),
    CHECK (kind <> 'adjustment' OR length(trim(note)) > 0)
);
CREATE TRIGGER cd_register_entry_no_delete BEFORE DELETE ON cd_register_entry FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER cd_register_entry_no_update BEFORE UPDATE ON cd_register_entry FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE INDEX cd_register_entry_product ON cd_register_entry (establishment_id, product_code, recorded_at DESC);

-- Medicines handed to the patient to keep (in possession).
CREATE TABLE in_possession_supply (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prescription_id           uuid NOT NULL REFERENCES prescription (id),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    quantity                  numeric(10, 3) NOT NULL CHECK (quantity > 0),
    supplied_by               uuid NOT NULL REFERENCES staff (id),
    supplied_at               timestamptz NOT NULL DEFAULT now(),
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER in_possession_supply_no_delete BEFORE DELETE ON in_possession_supply FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX in_possession_supply_prescription ON in_possession_supply (prescription_id, supplied_at DESC);

-- A prescriber's decision after opioid substitution doses were missed for days in a row.
CREATE TABLE ost_review (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prescription_id           uuid NOT NULL REFERENCES prescription (id),
    decision                  text NOT NULL CHECK (decision IN ('continue', 'reduce', 'restart_titration')),
    note                      text NOT NULL CHECK (length(trim(note)) > 0),
    reviewed_by               uuid NOT NULL REFERENCES staff (id),
    reviewed_at               timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER ost_review_no_delete BEFORE DELETE ON ost_review FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX ost_review_prescription ON ost_review (prescription_id, reviewed_at DESC);

-- Prescriptions started and stopped, and every administration, reach the timeline.
CREATE FUNCTION timeline_from_prescription() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    product text;
    unit text;
    how text;
BEGIN
    SELECT name, dose_unit INTO product, unit FROM medicine_product WHERE code = NEW.product_code;
    how := trim(to_char(NEW.dose, 'FM999990.###'), '.') || ' ' || unit || ' ' || NEW.route || ', '
        || CASE WHEN NEW.kind = 'prn'
                THEN 'when required, at least ' || NEW.prn_min_interval_minutes || ' minutes apart, at most ' || NEW.prn_max_per_24h || ' in 24 hours'
                ELSE 'at ' || array_to_string(ARRAY(SELECT to_char(t, 'HH24:MI') FROM unnest(NEW.round_times) t ORDER BY t), ', ')
           END
        || ', ' || replace(NEW.supply, '_', '-') || '.';
    IF TG_OP = 'INSERT' THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'prescription', NEW.prescribed_at, NEW.establishment_id,
                custody_episode_at(NEW.patient_id, NEW.prescribed_at),
                NEW.prescribed_by, (SELECT role FROM staff WHERE id = NEW.prescribed_by),
                'Prescribed: ' || product,
                how || ' Indication: ' || NEW.indication || '.'
                    || coalesce(' Allergy override: ' || NEW.allergy_override_reason || '.', ''),
                NEW.id);
    END IF;
    IF NEW.stopped_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.stopped_at IS NULL) THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'prescription', NEW.stopped_at, NEW.establishment_id,
                custody_episode_at(NEW.patient_id, NEW.stopped_at),
                NEW.stopped_by, (SELECT role FROM staff WHERE id = NEW.stopped_by),
                'Stopped: ' || product, NEW.stopped_reason, NEW.id);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER prescription_on_timeline AFTER INSERT OR UPDATE OF stopped_at ON prescription FOR EACH ROW EXECUTE FUNCTION timeline_from_prescription();

CREATE FUNCTION timeline_from_administration() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    product text;
    unit text;
BEGIN
    SELECT m.name, m.dose_unit INTO product, unit
    FROM prescription p JOIN medicine_product m ON m.code = p.product_code
    WHERE p.id = NEW.prescription_id;
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    VALUES (NEW.patient_id, 'administration', NEW.recorded_at, NEW.establishment_id,
            custody_episode_at(NEW.patient_id, NEW.recorded_at),
            NEW.recorded_by, (SELECT role FROM staff WHERE id = NEW.recorded_by),
            product || ' ' || trim(to_char(NEW.dose, 'FM999990.###'), '.') || ' ' || unit || ': '
                || replace(replace(NEW.outcome, 'did_not_attend', 'did not attend'), '_', ' ')
                || CASE WHEN NEW.scheduled_for IS NULL THEN ' (when required)'
                        ELSE ' (' || to_char(NEW.scheduled_for AT TIME ZONE 'Europe/London', 'HH24:MI') || ' round)' END,
            coalesce('Reason: ' || NEW.reason || '. ', '')
                || CASE WHEN NEW.swallow_confirmed THEN 'Seen swallowed. ' ELSE '' END
                || CASE WHEN NEW.witnessed_by IS NOT NULL
                        THEN 'Witnessed by ' || (SELECT display_name FROM staff WHERE id = NEW.witnessed_by) || '.'
                        ELSE '' END,
            NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER administration_on_timeline AFTER INSERT ON administration FOR EACH ROW EXECUTE FUNCTION timeline_from_administration();

-- Tablets viewing a round hear about every dose recorded and every prescription change at
-- their establishment, whichever app instance wrote it.
CREATE FUNCTION notify_round_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('round_activity', json_build_object(
        'establishment_id', NEW.establishment_id,
        'patient_id', NEW.patient_id,
        'source_id', NEW.id)::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER administration_notifies AFTER INSERT OR UPDATE ON administration FOR EACH ROW EXECUTE FUNCTION notify_round_activity();
CREATE TRIGGER prescription_notifies AFTER INSERT OR UPDATE ON prescription FOR EACH ROW EXECUTE FUNCTION notify_round_activity();

-- Facts several screens need about doses (medicines panel, round list, handover); functions so
-- the SQL is written once.

-- When a prescription's medicine was last taken (given, or self-administered from an IP supply).
CREATE FUNCTION prescription_last_taken(prescription uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT max(recorded_at) FROM administration
    WHERE prescription_id = prescription AND outcome IN ('given', 'self_administered') AND entered_in_error_at IS NULL
$$;

-- When the patient last took any opioid substitution dose: a dose change is a new prescription,
-- so tolerance follows the patient, not the prescription.
CREATE FUNCTION ost_last_given(patient uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT max(a.recorded_at) FROM administration a
    JOIN prescription p ON p.id = a.prescription_id
    JOIN medicine_product m ON m.code = p.product_code
    WHERE a.patient_id = patient AND m.is_ost AND a.outcome = 'given' AND a.entered_in_error_at IS NULL
$$;

CREATE FUNCTION ost_last_review(patient uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT max(r.reviewed_at) FROM ost_review r JOIN prescription p ON p.id = r.prescription_id
    WHERE p.patient_id = patient
$$;

-- Supplies to keep and opioid reviews are part of the story of a prescription on the timeline.
CREATE FUNCTION timeline_from_prescription_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rx prescription%ROWTYPE;
    product text;
    unit text;
    author uuid;
    at timestamptz;
    summary text;
    body text := '';
BEGIN
    SELECT * INTO rx FROM prescription WHERE id = NEW.prescription_id;
    SELECT name, dose_unit INTO product, unit FROM medicine_product WHERE code = rx.product_code;
    IF TG_TABLE_NAME = 'in_possession_supply' THEN
        author := NEW.supplied_by;
        at := NEW.supplied_at;
        summary := 'Supplied to keep: ' || product || ' ' || trim(to_char(NEW.quantity, 'FM999990.###'), '.') || ' ' || unit;
    ELSE
        author := NEW.reviewed_by;
        at := NEW.reviewed_at;
        summary := 'Opioid substitution review: ' || replace(NEW.decision, '_', ' ') || ' (' || product || ')';
        body := NEW.note;
    END IF;
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    VALUES (rx.patient_id, 'prescription', at,
            (SELECT se.establishment_id FROM patient_whereabouts se WHERE se.patient_id = rx.patient_id AND se.establishment_id IS NOT NULL
             UNION ALL SELECT rx.establishment_id LIMIT 1),
            custody_episode_at(rx.patient_id, at), author, (SELECT role FROM staff WHERE id = author),
            summary, body, NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER in_possession_supply_on_timeline AFTER INSERT ON in_possession_supply FOR EACH ROW EXECUTE FUNCTION timeline_from_prescription_event();
CREATE TRIGGER ost_review_on_timeline AFTER INSERT ON ost_review FOR EACH ROW EXECUTE FUNCTION timeline_from_prescription_event();

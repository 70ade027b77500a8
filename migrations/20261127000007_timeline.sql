-- The patient timeline: one stream of entries across every custody episode and establishment.
-- Each capability writes its own rows and a timeline entry beside them (many by trigger), so the
-- timeline reads one table, and a new kind of entry needs only a row in timeline_kind.

CREATE TABLE timeline_kind (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    title       text NOT NULL,
    sort_order  integer NOT NULL
);
INSERT INTO timeline_kind (code, title, sort_order) VALUES
    ('note', 'Consultation note', 10),
    ('problem', 'Problem', 20),
    ('allergy', 'Allergy', 30),
    ('alert', 'Alert', 40),
    ('movement', 'Movement', 50),
    ('screening', 'Screening', 60),
    ('appointment', 'Appointment', 70),
    ('prescription', 'Prescription', 80),
    ('administration', 'Medicines given', 90);

CREATE TABLE timeline_entry (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    kind                      text NOT NULL REFERENCES timeline_kind (code),
    occurred_at               timestamptz NOT NULL,
    recorded_at               timestamptz NOT NULL DEFAULT now(),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    custody_episode_id        uuid REFERENCES custody_episode (id),
    author_id                 uuid REFERENCES staff (id),
    -- The author's role when they wrote it; roles change, the record must not.
    author_role               text,
    summary                   text NOT NULL CHECK (length(trim(summary)) > 0),
    body                      text NOT NULL DEFAULT '',
    -- The row this entry stands for in the table that owns it (allergy, alert, movement …).
    source_id                 uuid,
    corrects_id               uuid REFERENCES timeline_entry (id),
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL)),
    CHECK (entered_in_error_reason IS NULL OR length(trim(entered_in_error_reason)) > 0),
    CHECK (author_role IS NULL OR author_role IN ('nurse', 'healthcare_assistant', 'pharmacist', 'prescriber', 'healthcare_manager', 'administrator'))
);
CREATE TRIGGER timeline_entry_no_delete BEFORE DELETE ON timeline_entry FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER timeline_entry_no_truncate BEFORE TRUNCATE ON timeline_entry FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
-- Keyset paging: newest first, ties broken by id.
CREATE INDEX timeline_entry_page ON timeline_entry (patient_id, occurred_at DESC, id DESC);
CREATE INDEX timeline_entry_kind_page ON timeline_entry (patient_id, kind, occurred_at DESC, id DESC);
CREATE INDEX timeline_entry_source ON timeline_entry (source_id) WHERE source_id IS NOT NULL;

-- What may change on an entry once written: only its entered-in-error marking, once.
CREATE FUNCTION timeline_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.entered_in_error_at IS NOT NULL THEN
        RAISE EXCEPTION 'timeline entry % is already entered in error', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW.patient_id, NEW.kind, NEW.occurred_at, NEW.establishment_id, NEW.author_id, NEW.summary, NEW.body, NEW.source_id, NEW.corrects_id)
       IS DISTINCT FROM
       (OLD.patient_id, OLD.kind, OLD.occurred_at, OLD.establishment_id, OLD.author_id, OLD.summary, OLD.body, OLD.source_id, OLD.corrects_id) THEN
        RAISE EXCEPTION 'timeline entries are not edited; mark them entered in error and write a correction'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER timeline_entry_guarded BEFORE UPDATE ON timeline_entry FOR EACH ROW EXECUTE FUNCTION timeline_entry_guard();

-- The custody episode a moment of a patient's life belongs to (none between episodes).
CREATE FUNCTION custody_episode_at(patient uuid, at timestamptz) RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT id FROM custody_episode
    WHERE patient_id = patient AND started_at <= at AND (ended_at IS NULL OR ended_at >= at)
    ORDER BY started_at DESC
    LIMIT 1
$$;

-- Movements, allergies and alerts reach the timeline whoever writes them.
CREATE FUNCTION timeline_from_movement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    here text;
    there text;
BEGIN
    SELECT name INTO here FROM establishment WHERE id = NEW.establishment_id;
    SELECT name INTO there FROM establishment WHERE id = NEW.to_establishment_id;
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, source_id)
    VALUES (NEW.patient_id, 'movement', NEW.occurred_at, NEW.establishment_id, NEW.custody_episode_id, NEW.recorded_by,
            (SELECT role FROM staff WHERE id = NEW.recorded_by),
            CASE
                WHEN NEW.kind = 'ADM' THEN 'Admitted to ' || here
                WHEN NEW.kind = 'TRN' AND NEW.direction = 'out' THEN 'Transferred out of ' || here || ' to ' || coalesce(there, 'another establishment')
                WHEN NEW.kind = 'TRN' THEN 'Received on transfer at ' || here
                WHEN NEW.kind = 'CRT' AND NEW.direction = 'out' THEN 'Out to court from ' || here
                WHEN NEW.kind = 'CRT' THEN 'Back from court to ' || here
                WHEN NEW.kind = 'TAP' AND NEW.direction = 'out' THEN 'Temporary absence from ' || here
                WHEN NEW.kind = 'TAP' THEN 'Returned from temporary absence to ' || here
                WHEN NEW.kind = 'REL' THEN 'Released from ' || here
                ELSE 'Died in custody at ' || here
            END,
            NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER movement_on_timeline AFTER INSERT ON movement FOR EACH ROW EXECUTE FUNCTION timeline_from_movement();

CREATE FUNCTION timeline_from_allergy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    VALUES (NEW.patient_id, 'allergy', NEW.recorded_at, NEW.establishment_id,
            custody_episode_at(NEW.patient_id, NEW.recorded_at),
            NEW.recorded_by, (SELECT role FROM staff WHERE id = NEW.recorded_by),
            'Allergy recorded: ' || NEW.substance || ' – ' || NEW.reaction,
            'Severity: ' || replace(NEW.severity, '_', '-') || '. Certainty: ' || NEW.certainty || '.',
            NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER allergy_on_timeline AFTER INSERT ON allergy FOR EACH ROW EXECUTE FUNCTION timeline_from_allergy();

CREATE FUNCTION timeline_from_alert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    alert_name text;
BEGIN
    SELECT name INTO alert_name FROM alert_type WHERE code = NEW.alert_type;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'alert', NEW.starts_at, NEW.establishment_id,
                custody_episode_at(NEW.patient_id, NEW.starts_at),
                NEW.raised_by, (SELECT role FROM staff WHERE id = NEW.raised_by),
                'Alert raised: ' || alert_name, NEW.note, NEW.id);
    END IF;
    IF NEW.closed_by IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.closed_by IS NULL) THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'alert', NEW.ends_at, NEW.establishment_id,
                custody_episode_at(NEW.patient_id, NEW.ends_at),
                NEW.closed_by, (SELECT role FROM staff WHERE id = NEW.closed_by),
                'Alert closed: ' || alert_name, NEW.closed_reason, NEW.id);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER alert_on_timeline AFTER INSERT OR UPDATE OF closed_by ON alert FOR EACH ROW EXECUTE FUNCTION timeline_from_alert();

-- Records that existed before the timeline join it.
INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, source_id)
SELECT m.patient_id, 'movement', m.occurred_at, m.establishment_id, m.custody_episode_id, m.recorded_by, s.role,
       CASE
           WHEN m.kind = 'ADM' THEN 'Admitted to ' || e.name
           WHEN m.kind = 'TRN' AND m.direction = 'out' THEN 'Transferred out of ' || e.name || ' to ' || coalesce(d.name, 'another establishment')
           WHEN m.kind = 'TRN' THEN 'Received on transfer at ' || e.name
           WHEN m.kind = 'CRT' AND m.direction = 'out' THEN 'Out to court from ' || e.name
           WHEN m.kind = 'CRT' THEN 'Back from court to ' || e.name
           WHEN m.kind = 'TAP' AND m.direction = 'out' THEN 'Temporary absence from ' || e.name
           WHEN m.kind = 'TAP' THEN 'Returned from temporary absence to ' || e.name
           WHEN m.kind = 'REL' THEN 'Released from ' || e.name
           ELSE 'Died in custody at ' || e.name
       END,
       m.id
FROM movement m
JOIN establishment e ON e.id = m.establishment_id
LEFT JOIN establishment d ON d.id = m.to_establishment_id
LEFT JOIN staff s ON s.id = m.recorded_by;

-- Appointments: each establishment's clinics, the appointments booked in them (or waiting for a
-- time), their reportable outcomes, and the carry-over to the next establishment on transfer.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE clinic (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    establishment_id  uuid NOT NULL REFERENCES establishment (id),
    kind              text NOT NULL CHECK (kind IN ('gp', 'nurse', 'dentist', 'optician', 'physiotherapy', 'mental_health',
                                                    'substance_misuse', 'pharmacist', 'hospital')),
    name              text NOT NULL CHECK (length(trim(name)) > 0),
    -- Where it is held (healthcare centre room, or the hospital's name for outpatients).
    place             text NOT NULL DEFAULT '',
    slot_minutes      integer NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 240),
    opens             time NOT NULL DEFAULT '09:00',
    closes            time NOT NULL DEFAULT '16:30',
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (establishment_id, name),
    CHECK (closes > opens)
);

CREATE TABLE appointment (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                  uuid NOT NULL REFERENCES patient (id),
    establishment_id            uuid NOT NULL REFERENCES establishment (id),
    clinic_kind                 text NOT NULL,
    -- Empty only for an appointment carried over on transfer to an establishment without that clinic.
    clinic_id                   uuid REFERENCES clinic (id),
    clinician_id                uuid REFERENCES staff (id),
    starts_at                   timestamptz,
    ends_at                     timestamptz,
    reason                      text NOT NULL CHECK (length(trim(reason)) > 0),
    priority                    text NOT NULL CHECK (priority IN ('routine', 'soon', 'urgent')),
    status                      text NOT NULL CHECK (status IN ('waiting', 'booked', 'to_rebook', 'attended', 'did_not_attend', 'refused',
                                                                'cancelled_by_establishment', 'cancelled', 'patient_away', 'transferred', 'released')),
    escort_required             boolean NOT NULL DEFAULT false,
    security_note               text NOT NULL DEFAULT '',
    requested_at                timestamptz NOT NULL DEFAULT now(),
    booked_by                   uuid NOT NULL REFERENCES staff (id),
    booked_at                   timestamptz NOT NULL DEFAULT now(),
    outcome_reason              text,
    outcome_note                text NOT NULL DEFAULT '',
    outcome_by                  uuid REFERENCES staff (id),
    outcome_at                  timestamptz,
    letter_received_at          timestamptz,
    -- A rebooking or a carry-over names the appointment it continues.
    continues_id                uuid REFERENCES appointment (id),
    CHECK ((starts_at IS NULL) = (ends_at IS NULL)),
    CHECK (ends_at IS NULL OR ends_at > starts_at),
    CHECK ((status = 'booked') <= (starts_at IS NOT NULL AND clinic_id IS NOT NULL)),
    CHECK (status = 'to_rebook' OR clinic_id IS NOT NULL),
    CHECK ((status IN ('waiting', 'booked', 'to_rebook')) = (outcome_at IS NULL)),
    CHECK ((outcome_at IS NULL) = (outcome_by IS NULL)),
    -- One clinician, one patient at a time.
    CONSTRAINT appointment_clinician_free EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status = 'booked' AND clinician_id IS NOT NULL)
);
CREATE TRIGGER appointment_no_delete BEFORE DELETE ON appointment FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER appointment_no_truncate BEFORE TRUNCATE ON appointment FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE INDEX appointment_patient ON appointment (patient_id, starts_at);
CREATE INDEX appointment_clinic_day ON appointment (clinic_id, starts_at) WHERE starts_at IS NOT NULL;
CREATE INDEX appointment_waiting ON appointment (establishment_id, clinic_id, requested_at) WHERE status IN ('waiting', 'to_rebook');
CREATE INDEX appointment_reporting ON appointment (establishment_id, starts_at) WHERE outcome_at IS NOT NULL;

-- Booking and each outcome reach the timeline.
CREATE FUNCTION timeline_from_appointment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    clinic_name text := COALESCE((SELECT name FROM clinic WHERE id = NEW.clinic_id), initcap(replace(NEW.clinic_kind, '_', ' ')));
    author uuid;
    at timestamptz;
    words text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        author := NEW.booked_by; at := NEW.booked_at;
        words := CASE NEW.status
            WHEN 'waiting' THEN 'Added to the ' || clinic_name || ' waiting list'
            WHEN 'to_rebook' THEN clinic_name || ' appointment carried over from transfer: to rebook'
            ELSE clinic_name || ' appointment booked for ' || to_char(NEW.starts_at AT TIME ZONE 'Europe/London', 'DD Mon YYYY HH24:MI') END;
    ELSIF NEW.outcome_at IS DISTINCT FROM OLD.outcome_at AND NEW.outcome_at IS NOT NULL THEN
        author := NEW.outcome_by; at := NEW.outcome_at;
        words := clinic_name || ' appointment: ' || replace(NEW.status, '_', ' ');
    ELSIF NEW.starts_at IS DISTINCT FROM OLD.starts_at AND NEW.status = 'booked' THEN
        author := NEW.booked_by; at := now();
        words := clinic_name || ' appointment booked for ' || to_char(NEW.starts_at AT TIME ZONE 'Europe/London', 'DD Mon YYYY HH24:MI');
    ELSE
        RETURN NEW;
    END IF;
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    VALUES (NEW.patient_id, 'appointment', at, NEW.establishment_id, custody_episode_at(NEW.patient_id, at), author,
            (SELECT role FROM staff WHERE id = author), words,
            CASE WHEN TG_OP = 'INSERT' THEN NEW.reason ELSE concat_ws(' · ', NEW.outcome_reason, NULLIF(NEW.outcome_note, '')) END,
            NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER appointment_on_timeline AFTER INSERT OR UPDATE ON appointment FOR EACH ROW EXECUTE FUNCTION timeline_from_appointment();

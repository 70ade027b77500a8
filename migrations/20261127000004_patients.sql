-- One person, one record, across every custody episode.
CREATE TABLE patient (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prison_number             text NOT NULL UNIQUE CHECK (prison_number ~ '^[A-Z][0-9]{4}[A-Z]{2}$'),
    nhs_number                text UNIQUE CHECK (nhs_number ~ '^[0-9]{10}$'),
    given_name                text NOT NULL CHECK (length(trim(given_name)) > 0),
    family_name               text NOT NULL CHECK (length(trim(family_name)) > 0),
    date_of_birth             date NOT NULL CHECK (date_of_birth > DATE '1900-01-01'),
    sex                       text NOT NULL CHECK (sex IN ('female', 'male', 'indeterminate', 'not_known')),
    -- "No known allergies" is a clinical statement someone made; its absence means "not recorded".
    no_known_allergies_at     timestamptz,
    no_known_allergies_by     uuid REFERENCES staff (id),
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CHECK ((no_known_allergies_at IS NULL) = (no_known_allergies_by IS NULL))
);
CREATE TRIGGER patient_touch BEFORE UPDATE ON patient FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX patient_family_name_trgm ON patient USING gin (family_name gin_trgm_ops);
CREATE INDEX patient_given_name_trgm ON patient USING gin (given_name gin_trgm_ops);

CREATE TABLE custody_episode (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    started_at                timestamptz NOT NULL,
    ended_at                  timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE TRIGGER custody_episode_no_delete BEFORE DELETE ON custody_episode FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX custody_episode_patient ON custody_episode (patient_id, started_at DESC);
-- A person is in at most one custody episode at a time.
CREATE UNIQUE INDEX custody_episode_one_open ON custody_episode (patient_id) WHERE ended_at IS NULL;

-- Movements in and out of establishments. A transfer is two rows: TRN out at the sending
-- establishment (naming the destination) and TRN in at the receiving one.
CREATE TABLE movement (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    custody_episode_id        uuid NOT NULL REFERENCES custody_episode (id),
    kind                      text NOT NULL CHECK (kind IN ('ADM', 'TRN', 'CRT', 'TAP', 'REL', 'DEATH')),
    direction                 text NOT NULL CHECK (direction IN ('in', 'out')),
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    to_establishment_id       uuid REFERENCES establishment (id),
    location_id               uuid REFERENCES location (id),
    occurred_at               timestamptz NOT NULL,
    reason                    text,
    recorded_by               uuid REFERENCES staff (id),
    created_at                timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'ADM') <= (direction = 'in')),
    CHECK ((kind IN ('REL', 'DEATH')) <= (direction = 'out')),
    CHECK ((to_establishment_id IS NOT NULL) = (kind = 'TRN' AND direction = 'out'))
);
CREATE TRIGGER movement_no_delete BEFORE DELETE ON movement FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX movement_patient ON movement (patient_id, occurred_at DESC);
CREATE INDEX movement_establishment ON movement (establishment_id, occurred_at DESC);

-- Where each patient is now: derived from movements by the trigger below, kept as a table
-- because every access decision and every list reads it.
CREATE TABLE patient_whereabouts (
    patient_id                uuid PRIMARY KEY REFERENCES patient (id),
    status                    text NOT NULL CHECK (status IN ('in_establishment', 'at_court', 'temporary_absence', 'in_transit', 'released', 'deceased')),
    establishment_id          uuid REFERENCES establishment (id),
    to_establishment_id       uuid REFERENCES establishment (id),
    location_id               uuid REFERENCES location (id),
    custody_episode_id        uuid REFERENCES custody_episode (id),
    since                     timestamptz NOT NULL,
    last_movement_id          uuid NOT NULL REFERENCES movement (id),
    CHECK ((status = 'in_transit') = (to_establishment_id IS NOT NULL))
);
CREATE INDEX patient_whereabouts_establishment ON patient_whereabouts (establishment_id, status);
CREATE INDEX patient_whereabouts_destination ON patient_whereabouts (to_establishment_id) WHERE to_establishment_id IS NOT NULL;

CREATE FUNCTION apply_movement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_status text;
    new_establishment uuid;
    new_destination uuid;
BEGIN
    IF NEW.direction = 'in' THEN
        new_status := 'in_establishment';
        new_establishment := NEW.establishment_id;
    ELSIF NEW.kind = 'TRN' THEN
        new_status := 'in_transit';
        new_establishment := NEW.establishment_id;
        new_destination := NEW.to_establishment_id;
    ELSIF NEW.kind = 'CRT' THEN
        new_status := 'at_court';
        new_establishment := NEW.establishment_id;
    ELSIF NEW.kind = 'TAP' THEN
        new_status := 'temporary_absence';
        new_establishment := NEW.establishment_id;
    ELSIF NEW.kind = 'REL' THEN
        new_status := 'released';
    ELSE
        new_status := 'deceased';
    END IF;

    INSERT INTO patient_whereabouts AS w
        (patient_id, status, establishment_id, to_establishment_id, location_id, custody_episode_id, since, last_movement_id)
    VALUES
        (NEW.patient_id, new_status, new_establishment, new_destination,
         CASE WHEN NEW.direction = 'in' THEN NEW.location_id END,
         CASE WHEN new_status IN ('released', 'deceased') THEN NULL ELSE NEW.custody_episode_id END,
         NEW.occurred_at, NEW.id)
    ON CONFLICT (patient_id) DO UPDATE
        SET status = EXCLUDED.status,
            establishment_id = EXCLUDED.establishment_id,
            to_establishment_id = EXCLUDED.to_establishment_id,
            -- Coming back from court keeps the cell the patient left.
            location_id = COALESCE(EXCLUDED.location_id, CASE WHEN EXCLUDED.status IN ('at_court', 'temporary_absence', 'in_establishment') AND w.establishment_id = EXCLUDED.establishment_id THEN w.location_id END),
            custody_episode_id = EXCLUDED.custody_episode_id,
            since = EXCLUDED.since,
            last_movement_id = EXCLUDED.last_movement_id
        WHERE w.since <= EXCLUDED.since;
    RETURN NEW;
END;
$$;
CREATE TRIGGER movement_applies AFTER INSERT ON movement FOR EACH ROW EXECUTE FUNCTION apply_movement();

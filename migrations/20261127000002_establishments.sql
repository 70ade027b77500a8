CREATE TABLE establishment (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{3}$'),
    name        text NOT NULL CHECK (length(trim(name)) > 0),
    kind        text NOT NULL CHECK (kind IN ('prison', 'young_offender_institution', 'immigration_removal_centre')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER establishment_touch BEFORE UPDATE ON establishment FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Medication round times are set per establishment (e.g. 08:00, 12:00, 17:00, 20:00 night san).
CREATE TABLE round_time (
    establishment_id uuid NOT NULL REFERENCES establishment (id),
    time_of_day      time NOT NULL,
    label            text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (establishment_id, time_of_day)
);

-- Establishment -> wing/house block -> landing -> cell, plus the special places inside the walls.
CREATE TABLE location (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    establishment_id uuid NOT NULL REFERENCES establishment (id),
    parent_id        uuid REFERENCES location (id),
    kind             text NOT NULL CHECK (kind IN ('wing', 'landing', 'cell', 'reception', 'healthcare_unit', 'segregation')),
    code             text NOT NULL CHECK (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
    description      text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (establishment_id, code),
    CHECK ((kind IN ('landing', 'cell')) = (parent_id IS NOT NULL))
);
CREATE INDEX location_parent ON location (parent_id);

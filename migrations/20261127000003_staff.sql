CREATE TABLE staff (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username           text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name       text NOT NULL CHECK (length(trim(display_name)) > 0),
    role               text NOT NULL CHECK (role IN ('nurse', 'healthcare_assistant', 'pharmacist', 'prescriber', 'healthcare_manager', 'administrator')),
    password_hash      text NOT NULL,
    active             boolean NOT NULL DEFAULT true,
    failed_sign_ins    integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER staff_touch BEFORE UPDATE ON staff FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
-- Leavers are deactivated, never removed: the audit trail and the record name them.
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff FOR EACH ROW EXECUTE FUNCTION forbid_delete();

CREATE TABLE staff_establishment (
    staff_id         uuid NOT NULL REFERENCES staff (id),
    establishment_id uuid NOT NULL REFERENCES establishment (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (staff_id, establishment_id)
);

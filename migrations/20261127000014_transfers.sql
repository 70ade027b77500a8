-- Transfers between establishments: the plan, the handover that travels with the patient, and the
-- medicines reconciliation at the receiving establishment. The movements themselves stay in
-- `movement`; a transfer names the movement rows it caused.

CREATE TABLE transfer (
    id                            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                    uuid NOT NULL REFERENCES patient (id),
    custody_episode_id            uuid NOT NULL REFERENCES custody_episode (id),
    from_establishment_id         uuid NOT NULL REFERENCES establishment (id),
    -- The current destination; earlier ones are in transfer_redirect.
    to_establishment_id           uuid NOT NULL REFERENCES establishment (id),
    planned_for                   date NOT NULL,
    reason                        text NOT NULL CHECK (length(trim(reason)) > 0),
    status                        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'departed', 'arrived', 'cancelled')),
    scheduled_by                  uuid NOT NULL REFERENCES staff (id),
    scheduled_at                  timestamptz NOT NULL DEFAULT now(),
    fit_confirmed_by              uuid REFERENCES staff (id),
    fit_confirmed_at              timestamptz,
    fit_note                      text,
    medical_hold_override_by      uuid REFERENCES staff (id),
    medical_hold_override_reason  text CHECK (medical_hold_override_reason IS NULL OR length(trim(medical_hold_override_reason)) > 0),
    departed_by                   uuid REFERENCES staff (id),
    departed_at                   timestamptz,
    departure_movement_id         uuid REFERENCES movement (id),
    arrived_by                    uuid REFERENCES staff (id),
    arrived_at                    timestamptz,
    arrival_movement_id           uuid REFERENCES movement (id),
    cancelled_by                  uuid REFERENCES staff (id),
    cancelled_at                  timestamptz,
    cancelled_reason              text CHECK (cancelled_reason IS NULL OR length(trim(cancelled_reason)) > 0),
    CHECK (from_establishment_id <> to_establishment_id OR status <> 'scheduled'),
    CHECK ((fit_confirmed_at IS NULL) = (fit_confirmed_by IS NULL)),
    CHECK ((medical_hold_override_by IS NULL) = (medical_hold_override_reason IS NULL)),
    CHECK ((status IN ('departed', 'arrived')) <= (departed_at IS NOT NULL AND departure_movement_id IS NOT NULL AND fit_confirmed_at IS NOT NULL)),
    CHECK ((status = 'arrived') = (arrived_at IS NOT NULL AND arrival_movement_id IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancelled_reason IS NOT NULL AND cancelled_by IS NOT NULL))
);
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON transfer FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
-- One live transfer per patient: the record never forks.
CREATE UNIQUE INDEX transfer_one_open ON transfer (patient_id) WHERE status IN ('scheduled', 'departed');
CREATE INDEX transfer_outgoing ON transfer (from_establishment_id, status, planned_for);
CREATE INDEX transfer_incoming ON transfer (to_establishment_id, status, planned_for);

CREATE TABLE transfer_redirect (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    transfer_id         uuid NOT NULL REFERENCES transfer (id),
    from_destination_id uuid NOT NULL REFERENCES establishment (id),
    to_destination_id   uuid NOT NULL REFERENCES establishment (id),
    reason              text NOT NULL CHECK (length(trim(reason)) > 0),
    movement_id         uuid REFERENCES movement (id),
    redirected_by       uuid NOT NULL REFERENCES staff (id),
    redirected_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (from_destination_id <> to_destination_id)
);
CREATE TRIGGER transfer_redirect_no_delete BEFORE DELETE ON transfer_redirect FOR EACH ROW EXECUTE FUNCTION forbid_delete();

-- What the sending team handed over, as it stood: assembled when the transfer is scheduled and
-- again at departure. The escort's paper and the receiving screen show the same thing.
CREATE TABLE handover_pack (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    transfer_id     uuid NOT NULL REFERENCES transfer (id),
    stage           text NOT NULL CHECK (stage IN ('scheduled', 'departed')),
    assembled_at    timestamptz NOT NULL DEFAULT now(),
    assembled_by    uuid NOT NULL REFERENCES staff (id),
    content         jsonb NOT NULL
);
CREATE TRIGGER handover_pack_no_delete BEFORE DELETE ON handover_pack FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX handover_pack_transfer ON handover_pack (transfer_id, assembled_at DESC);

-- Each medicine a patient arrives with is continued, changed or stopped, with a reason, by a
-- prescriber at the receiving establishment. A continued or changed medicine becomes a new
-- prescription there (re-timed to its rounds) that names the one it replaces.
CREATE TABLE medicines_reconciliation (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id            uuid NOT NULL REFERENCES patient (id),
    establishment_id      uuid NOT NULL REFERENCES establishment (id),
    transfer_id           uuid REFERENCES transfer (id),
    prescription_id       uuid NOT NULL REFERENCES prescription (id),
    decision              text NOT NULL CHECK (decision IN ('continued', 'changed', 'stopped')),
    reason                text NOT NULL CHECK (length(trim(reason)) > 0),
    new_prescription_id   uuid REFERENCES prescription (id),
    decided_by            uuid NOT NULL REFERENCES staff (id),
    decided_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((decision = 'stopped') = (new_prescription_id IS NULL)),
    UNIQUE (prescription_id)
);
CREATE TRIGGER medicines_reconciliation_no_delete BEFORE DELETE ON medicines_reconciliation FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE INDEX medicines_reconciliation_patient ON medicines_reconciliation (patient_id, decided_at DESC);

-- Prescriptions brought from another establishment and not yet reconciled, found per patient.
CREATE INDEX prescription_active_patient ON prescription (patient_id, establishment_id)
    WHERE stopped_at IS NULL AND entered_in_error_at IS NULL;

-- Transfer steps reach the timeline (movements already do, by their own trigger).
CREATE FUNCTION timeline_from_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    author uuid;
    at timestamptz;
    words text;
    destination text := (SELECT name FROM establishment WHERE id = NEW.to_establishment_id);
BEGIN
    IF TG_OP = 'INSERT' THEN
        author := NEW.scheduled_by; at := NEW.scheduled_at;
        words := 'Transfer to ' || destination || ' scheduled for ' || to_char(NEW.planned_for, 'DD Mon YYYY');
    ELSIF NEW.fit_confirmed_at IS DISTINCT FROM OLD.fit_confirmed_at AND NEW.fit_confirmed_at IS NOT NULL THEN
        author := NEW.fit_confirmed_by; at := NEW.fit_confirmed_at;
        words := 'Confirmed fit to transfer to ' || destination;
    ELSIF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        author := NEW.cancelled_by; at := NEW.cancelled_at;
        words := 'Transfer to ' || destination || ' cancelled';
    ELSE
        RETURN NEW;
    END IF;
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    VALUES (NEW.patient_id, 'movement', at, NEW.from_establishment_id, NEW.custody_episode_id, author,
            (SELECT role FROM staff WHERE id = author), words,
            CASE WHEN NEW.status = 'cancelled' THEN NEW.cancelled_reason ELSE NEW.reason END, NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER transfer_on_timeline AFTER INSERT OR UPDATE ON transfer FOR EACH ROW EXECUTE FUNCTION timeline_from_transfer();

CREATE FUNCTION timeline_from_reconciliation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
    SELECT NEW.patient_id, 'prescription', NEW.decided_at, NEW.establishment_id, custody_episode_at(NEW.patient_id, NEW.decided_at),
           NEW.decided_by, (SELECT role FROM staff WHERE id = NEW.decided_by),
           'Medicines reconciliation: ' || m.name || ' ' || NEW.decision, NEW.reason, NEW.id
    FROM prescription rx JOIN medicine_product m ON m.code = rx.product_code
    WHERE rx.id = NEW.prescription_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER medicines_reconciliation_on_timeline AFTER INSERT ON medicines_reconciliation FOR EACH ROW EXECUTE FUNCTION timeline_from_reconciliation();

-- "Do not transfer without clinical agreement" in force now; the transfer screens and departure ask.
CREATE FUNCTION medical_hold_active(patient uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = patient AND a.alert_type = 'MEDICAL_HOLD'
                   AND a.entered_in_error_at IS NULL AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now()))
$$;

-- Medicines in force whose omission harms quickly (OST, insulin, anti-epileptics …).
CREATE FUNCTION critical_medicine_count(patient uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM prescription rx JOIN medicine_product m ON m.code = rx.product_code
    WHERE rx.patient_id = patient AND rx.stopped_at IS NULL AND rx.entered_in_error_at IS NULL
      AND m.critical_class IS NOT NULL
$$;

-- A daily summary of administrations on the timeline: one entry per patient, establishment and
-- London day ("Medicines on Fri 27 Nov: 6 given, 1 refused"), kept current by trigger in the
-- transaction that records a dose or marks one entered in error. The timeline shows these by
-- default; each dose keeps its own entry, reached by choosing "Doses (each one)".
--
-- A dose belongs to the London day it was recorded, as its own timeline entry does, so a day's
-- summary and the doses it expands to are the same set.

INSERT INTO timeline_kind (code, title, sort_order) VALUES ('administration_day', 'Medicines (day summary)', 85)
ON CONFLICT (code) DO NOTHING;
UPDATE timeline_kind SET title = 'Doses (each one)' WHERE code = 'administration';

CREATE TABLE administration_day (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id          uuid NOT NULL REFERENCES patient (id),
    establishment_id    uuid NOT NULL REFERENCES establishment (id),
    day                 date NOT NULL,
    given               integer NOT NULL DEFAULT 0 CHECK (given >= 0),
    self_administered   integer NOT NULL DEFAULT 0 CHECK (self_administered >= 0),
    refused             integer NOT NULL DEFAULT 0 CHECK (refused >= 0),
    did_not_attend      integer NOT NULL DEFAULT 0 CHECK (did_not_attend >= 0),
    not_available       integer NOT NULL DEFAULT 0 CHECK (not_available >= 0),
    withheld            integer NOT NULL DEFAULT 0 CHECK (withheld >= 0),
    patient_away        integer NOT NULL DEFAULT 0 CHECK (patient_away >= 0),
    entered_in_error    integer NOT NULL DEFAULT 0 CHECK (entered_in_error >= 0),
    -- The last dose of the day: where the summary sits among the day's other entries.
    last_recorded_at    timestamptz NOT NULL,
    UNIQUE (patient_id, establishment_id, day)
);
CREATE TRIGGER administration_day_no_delete BEFORE DELETE ON administration_day FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER administration_day_no_truncate BEFORE TRUNCATE ON administration_day FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();

CREATE FUNCTION london_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT (at AT TIME ZONE 'Europe/London')::date
$$;

-- The one-line summary: outcomes in the order a nurse reads a MAR chart, those with none left out.
CREATE FUNCTION administration_day_summary(d administration_day) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'Medicines on ' || to_char(d.day, 'Dy FMDD Mon') || ': '
        || coalesce(nullif(concat_ws(', ',
               CASE WHEN d.given > 0 THEN d.given || ' given' END,
               CASE WHEN d.self_administered > 0 THEN d.self_administered || ' self-administered' END,
               CASE WHEN d.refused > 0 THEN d.refused || ' refused' END,
               CASE WHEN d.did_not_attend > 0 THEN d.did_not_attend || ' did not attend' END,
               CASE WHEN d.not_available > 0 THEN d.not_available || ' not available' END,
               CASE WHEN d.withheld > 0 THEN d.withheld || ' withheld' END,
               CASE WHEN d.patient_away > 0 THEN d.patient_away || ' patient away' END), ''),
           'none recorded')
        || CASE WHEN d.entered_in_error > 0 THEN ' (' || d.entered_in_error || ' entered in error)' ELSE '' END
$$;

-- A day summary is derived, not written by anyone: its text and place follow its doses. Every
-- other entry stays as written until marked entered in error.
CREATE OR REPLACE FUNCTION timeline_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.entered_in_error_at IS NOT NULL THEN
        RAISE EXCEPTION 'timeline entry % is already entered in error', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.kind = 'administration_day' THEN
        IF (NEW.patient_id, NEW.kind, NEW.establishment_id, NEW.author_id, NEW.source_id, NEW.corrects_id, NEW.entered_in_error_at)
           IS DISTINCT FROM
           (OLD.patient_id, OLD.kind, OLD.establishment_id, OLD.author_id, OLD.source_id, OLD.corrects_id, OLD.entered_in_error_at) THEN
            RAISE EXCEPTION 'a day summary follows its doses: mark the dose itself entered in error'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
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

-- Counts a dose into its day, or (in_error) moves it to the day's entered-in-error count, then
-- brings the day's timeline entry up to date. Concurrent doses for the same day queue on the
-- day's row, so no count is lost.
CREATE FUNCTION administration_day_count(a administration, in_error boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d administration_day;
    day_id uuid;
    created boolean := false;
    sign integer := CASE WHEN in_error THEN -1 ELSE 1 END;
BEGIN
    IF NOT in_error THEN
        INSERT INTO administration_day AS x (patient_id, establishment_id, day, last_recorded_at)
        VALUES (a.patient_id, a.establishment_id, london_day(a.recorded_at), a.recorded_at)
        ON CONFLICT (patient_id, establishment_id, day) DO UPDATE
            SET last_recorded_at = greatest(x.last_recorded_at, EXCLUDED.last_recorded_at)
        RETURNING x.id, (x.xmax = 0) INTO day_id, created;
    END IF;
    UPDATE administration_day SET
        given = given + (a.outcome = 'given')::int * sign,
        self_administered = self_administered + (a.outcome = 'self_administered')::int * sign,
        refused = refused + (a.outcome = 'refused')::int * sign,
        did_not_attend = did_not_attend + (a.outcome = 'did_not_attend')::int * sign,
        not_available = not_available + (a.outcome = 'not_available')::int * sign,
        withheld = withheld + (a.outcome = 'withheld')::int * sign,
        patient_away = patient_away + (a.outcome = 'patient_away')::int * sign,
        entered_in_error = entered_in_error + in_error::int
    WHERE patient_id = a.patient_id AND establishment_id = a.establishment_id AND day = london_day(a.recorded_at)
    RETURNING * INTO d;
    IF d.id IS NULL THEN
        -- A dose from before the summaries existed and outside the backfill: nothing to correct.
        RETURN;
    END IF;
    IF created THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, summary, source_id)
        VALUES (d.patient_id, 'administration_day', d.last_recorded_at, d.establishment_id,
                custody_episode_at(d.patient_id, d.last_recorded_at), administration_day_summary(d), d.id);
    ELSE
        UPDATE timeline_entry SET summary = administration_day_summary(d), occurred_at = d.last_recorded_at
        WHERE source_id = d.id AND kind = 'administration_day';
    END IF;
END;
$$;

CREATE FUNCTION administration_day_from_dose() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.entered_in_error_at IS NULL THEN
        PERFORM administration_day_count(NEW, false);
    ELSIF TG_OP = 'UPDATE' AND OLD.entered_in_error_at IS NULL AND NEW.entered_in_error_at IS NOT NULL THEN
        PERFORM administration_day_count(NEW, true);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER administration_on_day_summary AFTER INSERT OR UPDATE OF entered_in_error_at ON administration
    FOR EACH ROW EXECUTE FUNCTION administration_day_from_dose();

-- Every day summary from the doses already recorded, set-based: one GROUP BY over the
-- administrations feeding one insert of the entries. Also what the national load calls after
-- writing its administrations with triggers off. Days already summarised are left alone.
CREATE FUNCTION administration_day_backfill() RETURNS bigint LANGUAGE sql AS $$
    WITH days AS (
        INSERT INTO administration_day (patient_id, establishment_id, day, given, self_administered, refused, did_not_attend,
                                        not_available, withheld, patient_away, entered_in_error, last_recorded_at)
        SELECT patient_id, establishment_id, london_day(recorded_at),
               count(*) FILTER (WHERE outcome = 'given' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'self_administered' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'refused' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'did_not_attend' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'not_available' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'withheld' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE outcome = 'patient_away' AND entered_in_error_at IS NULL),
               count(*) FILTER (WHERE entered_in_error_at IS NOT NULL),
               max(recorded_at)
        FROM administration
        GROUP BY patient_id, establishment_id, london_day(recorded_at)
        ON CONFLICT (patient_id, establishment_id, day) DO NOTHING
        RETURNING *),
    entries AS (
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, summary, source_id)
        SELECT d.patient_id, 'administration_day', d.last_recorded_at, d.establishment_id, episode.id,
               administration_day_summary(ROW(d.*)::administration_day), d.id
        FROM days d
        -- One index probe per day on custody_episode (patient_id, started_at).
        LEFT JOIN LATERAL (
            SELECT c.id FROM custody_episode c
            WHERE c.patient_id = d.patient_id AND c.started_at <= d.last_recorded_at
              AND (c.ended_at IS NULL OR c.ended_at >= d.last_recorded_at)
            ORDER BY c.started_at DESC LIMIT 1) episode ON true
        RETURNING 1)
    SELECT count(*) FROM entries
$$;
SELECT administration_day_backfill();

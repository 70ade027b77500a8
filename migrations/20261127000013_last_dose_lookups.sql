-- The last-dose lookups walk the patient's (or prescription's) administrations newest first and
-- stop at the first match, instead of aggregating every dose ever given: on a 300-patient wing
-- with years of history the aggregate was most of the round list's time.

CREATE OR REPLACE FUNCTION ost_last_given(patient uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT a.recorded_at FROM administration a
    JOIN prescription p ON p.id = a.prescription_id
    JOIN medicine_product m ON m.code = p.product_code
    WHERE a.patient_id = patient AND m.is_ost AND a.outcome = 'given' AND a.entered_in_error_at IS NULL
    ORDER BY a.recorded_at DESC
    LIMIT 1
$$;

CREATE OR REPLACE FUNCTION prescription_last_taken(prescription uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT recorded_at FROM administration
    WHERE prescription_id = prescription AND outcome IN ('given', 'self_administered') AND entered_in_error_at IS NULL
    ORDER BY recorded_at DESC
    LIMIT 1
$$;

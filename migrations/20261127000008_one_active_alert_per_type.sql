-- A patient has at most one open alert of each type: raising ACCT twice must not happen silently.
CREATE UNIQUE INDEX alert_one_open_per_type ON alert (patient_id, alert_type)
    WHERE ends_at IS NULL AND entered_in_error_at IS NULL;

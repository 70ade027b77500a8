-- Failed sign-ins are also counted per account and client address: five in a row from one
-- address lock the account from that address only, so that anyone typing wrong passwords
-- elsewhere cannot lock a named nurse out of her own tablet mid-round. The account-wide count
-- (staff.failed_sign_ins, and sign_in_throttle for unknown usernames) remains, with a ceiling of
-- 100 in a row, on guesses spread over many addresses (NIST SP 800-63B 5.2.2).
CREATE TABLE sign_in_client_failure (
    username         text NOT NULL,
    client           inet NOT NULL,
    failed_sign_ins  integer NOT NULL CHECK (failed_sign_ins > 0),
    locked_until     timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, client)
);
CREATE INDEX sign_in_client_failure_updated_at ON sign_in_client_failure (updated_at);

-- The one rule for every count of failed sign-ins (per account, per unknown username, per
-- account and address): failures in a row, forgotten once a day passes without one. How many
-- lock, and for how long, is the caller's.
CREATE FUNCTION sign_in_failures_after_one_more(failed integer, last_failed_at timestamptz, forgotten_after_hours integer)
RETURNS integer LANGUAGE sql STABLE
RETURN CASE WHEN last_failed_at < now() - make_interval(hours => forgotten_after_hours) THEN 1 ELSE failed + 1 END;

CREATE FUNCTION sign_in_locked_until(failures integer, locks_at integer, lock_minutes integer)
RETURNS timestamptz LANGUAGE sql STABLE
RETURN CASE WHEN failures >= locks_at THEN now() + make_interval(mins => lock_minutes) END;

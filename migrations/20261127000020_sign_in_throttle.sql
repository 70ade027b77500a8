-- Failed sign-ins for usernames that do not exist are counted and locked exactly as for real
-- accounts, so that the answers do not reveal which usernames exist.
CREATE TABLE sign_in_throttle (
    username         text PRIMARY KEY,
    failed_sign_ins  integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until     timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Which sessions each member of staff has open, so that signing in on one device too many ends
-- the oldest (the concurrent-session policy). The session data itself lives in tower_sessions.
CREATE TABLE staff_session (
    session_id    text PRIMARY KEY,
    staff_id      uuid NOT NULL REFERENCES staff (id),
    started_at    timestamptz NOT NULL DEFAULT now(),
    ended_at      timestamptz,
    ended_reason  text CHECK (ended_reason IN ('signed out', 'signed in elsewhere', 'password changed')),
    CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
CREATE INDEX staff_session_open ON staff_session (staff_id, started_at DESC) WHERE ended_at IS NULL;

-- Failed sign-ins are forgotten a day after the last one, for real accounts and for unknown
-- usernames alike (so the answers still do not tell them apart), and the rows kept for unknown
-- usernames can be pruned: a flood of made-up usernames no longer grows the table for good.
ALTER TABLE staff ADD COLUMN last_failed_sign_in_at timestamptz;
CREATE INDEX sign_in_throttle_updated_at ON sign_in_throttle (updated_at);

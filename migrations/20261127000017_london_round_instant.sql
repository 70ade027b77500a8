-- The instant of a round held at London wall-clock time `at` on `day`, exactly as the app's
-- `domain::round_schedule::round_instant` computes it: a time repeated when the clocks go back is
-- taken the first time round (BST); a time skipped when they go forward is taken as the same minutes
-- after the jump. PostgreSQL's own `AT TIME ZONE` takes the second of a repeated time, which would put
-- the missed-doses report an hour away from the dose the tablet recorded.
CREATE FUNCTION london_round_instant(day date, at time) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT min(c) FROM (VALUES (((day + at) AT TIME ZONE 'UTC') - interval '1 hour'), ((day + at) AT TIME ZONE 'UTC')) AS v(c)
         WHERE (c AT TIME ZONE 'Europe/London') = day + at),
        (day + at) AT TIME ZONE 'Europe/London')
$$;

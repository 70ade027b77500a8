-- A user's offline-round key rotates when their password changes (issue 21 item 7): a new
-- generation seals what is queued from then on, while the older ones stay so that entries already
-- queued on a tablet under them can still be read by their author and sent.
ALTER TABLE tablet_queue_key ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation > 0);
ALTER TABLE tablet_queue_key DROP CONSTRAINT tablet_queue_key_pkey;
ALTER TABLE tablet_queue_key ADD PRIMARY KEY (staff_id, generation);

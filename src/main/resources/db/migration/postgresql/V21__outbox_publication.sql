-- Change capture (docs/events.md): a logical-replication publication of the outbox's inserts, so
-- Debezium (or any pgoutput reader) sees each event once, and not the relay's updates (positions)
-- or the pruning's deletes. Creating a publication needs the CREATE privilege on the database; a
-- deployment whose Parley user lacks it creates the publication itself, as the docs show.
DO $$
BEGIN
  CREATE PUBLICATION parley_outbox FOR TABLE outbox_event WITH (publish = 'insert');
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'publication parley_outbox not created (no CREATE privilege on the database): %', SQLERRM;
END
$$;

-- The outbox takes ids in blocks of 500 (EclipseLink's allocationSize matches): under chat load,
-- fetching a block every 50 rows made threads queue on the sequencing lock. The next block starts
-- above every id in use or handed out.
ALTER SEQUENCE outbox_event_seq
  RESTART WITH (SELECT GREATEST(COALESCE(MAX(e.id), 0),
                                (SELECT s.BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES s
                                  WHERE s.SEQUENCE_NAME = 'OUTBOX_EVENT_SEQ')) + 500
                FROM outbox_event e)
  INCREMENT BY 500;

-- The outbox takes ids in blocks of 500 (EclipseLink's allocationSize matches): under chat load,
-- fetching a block every 50 rows made threads queue on the sequencing lock. The next block starts
-- above every id in use or handed out.
ALTER SEQUENCE outbox_event_seq INCREMENT BY 500;
SELECT setval('outbox_event_seq',
              GREATEST((SELECT COALESCE(MAX(id), 0) FROM outbox_event),
                       (SELECT last_value FROM outbox_event_seq)),
              true);

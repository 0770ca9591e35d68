-- Who reads the event stream over REST, and how far: one row per API token or user, updated as
-- they read (advisory, for the console's "event stream" view). Portable SQL.
CREATE TABLE event_consumer (
  consumer_key VARCHAR(60)   PRIMARY KEY,
  kind         VARCHAR(20)   NOT NULL,
  name         VARCHAR(200)  NOT NULL,
  types        VARCHAR(2000) NOT NULL,
  position     BIGINT        NOT NULL,
  read_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  reads        BIGINT        NOT NULL
);

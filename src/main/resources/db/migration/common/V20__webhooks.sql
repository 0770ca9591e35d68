-- Webhook endpoints (Standard Webhooks): where events go, which ones, signed with the endpoint's
-- secret (and, while a rotation overlaps, the previous one). The cursor is the last event position
-- fanned out to the endpoint; claimed_by/claimed_until say which node delivers to it now.
CREATE SEQUENCE webhook_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE webhook (
  id               BIGINT PRIMARY KEY,
  url              VARCHAR(2000) NOT NULL,
  description      VARCHAR(500),
  event_types      VARCHAR(2000) NOT NULL,
  inbox_id         BIGINT,
  team_id          BIGINT,
  enabled          BOOLEAN NOT NULL,
  secret           VARCHAR(200) NOT NULL,
  previous_secret  VARCHAR(200),
  previous_until   TIMESTAMP WITH TIME ZONE,
  cursor_position  BIGINT NOT NULL,
  failing_since    TIMESTAMP WITH TIME ZONE,
  disabled_reason  VARCHAR(300),
  claimed_by       VARCHAR(100),
  claimed_until    TIMESTAMP WITH TIME ZONE,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  version          BIGINT NOT NULL
);

-- One event for one endpoint: its state, attempts and when the next is due. The event is kept as
-- sent (a retry three days later sends the same bytes, even after the event stream pruned it).
CREATE SEQUENCE webhook_delivery_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE webhook_delivery (
  id               BIGINT PRIMARY KEY,
  webhook_id       BIGINT NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
  event_id         VARCHAR(40) NOT NULL,
  event_type       VARCHAR(80) NOT NULL,
  event_position   BIGINT NOT NULL,
  body             VARCHAR(1000000) NOT NULL,
  state            VARCHAR(20) NOT NULL,
  attempts         INT NOT NULL,
  next_attempt_at  TIMESTAMP WITH TIME ZONE,
  last_status      INT,
  last_error       VARCHAR(500),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at      TIMESTAMP WITH TIME ZONE,
  version          BIGINT NOT NULL
);
CREATE INDEX webhook_delivery_queue_ix ON webhook_delivery (webhook_id, state, event_position);
CREATE INDEX webhook_delivery_due_ix ON webhook_delivery (state, next_attempt_at);

-- The delivery log: every attempt, with the response's status and first KB, for 7 days.
CREATE SEQUENCE webhook_attempt_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE webhook_attempt (
  id               BIGINT PRIMARY KEY,
  delivery_id      BIGINT NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
  webhook_id       BIGINT NOT NULL,
  attempt          INT NOT NULL,
  attempted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  duration_ms      BIGINT NOT NULL,
  status           INT,
  response         VARCHAR(1024),
  error            VARCHAR(500)
);
CREATE INDEX webhook_attempt_delivery_ix ON webhook_attempt (delivery_id, attempt);
CREATE INDEX webhook_attempt_at_ix ON webhook_attempt (attempted_at);

-- The event stream: the relay gives each committed outbox event its position in one global order,
-- gap-free for readers (positions are assigned in the relay's own transaction, one relay at a time
-- under the event-relay lease). NULL until relayed; published_at is when it was relayed.
ALTER TABLE outbox_event ADD COLUMN position BIGINT;
CREATE UNIQUE INDEX outbox_event_position_ix ON outbox_event (position);

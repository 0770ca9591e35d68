-- Ticket attachments (binary) on PostgreSQL, and the full-text index of tickets.
CREATE SEQUENCE ticket_attachment_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE ticket_attachment (
  id           BIGINT PRIMARY KEY,
  ticket_id    BIGINT       NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  comment_id   BIGINT REFERENCES ticket_comment (id) ON DELETE CASCADE,
  filename     VARCHAR(255) NOT NULL,
  content_type VARCHAR(255) NOT NULL,
  size_bytes   BIGINT       NOT NULL,
  content      BYTEA        NOT NULL,
  uploaded_by  VARCHAR(100) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ticket_attachment_ticket_ix ON ticket_attachment (ticket_id);
CREATE INDEX ticket_attachment_comment_ix ON ticket_attachment (comment_id);

-- TicketSearch queries this exact expression, so the planner uses the index.
CREATE INDEX ticket_fts_ix ON ticket
  USING gin (to_tsvector('simple', subject || ' ' || description));

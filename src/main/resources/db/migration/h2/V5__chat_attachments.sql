-- Chat attachments, stored in the database so that every node serves them.
CREATE SEQUENCE chat_attachment_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE chat_attachment (
  id              BIGINT PRIMARY KEY,
  conversation_id BIGINT       NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  file_name       VARCHAR(255) NOT NULL,
  content_type    VARCHAR(120) NOT NULL,
  size_bytes      BIGINT       NOT NULL,
  sha256          VARCHAR(64)  NOT NULL,
  content         BLOB NOT NULL,
  uploaded_by     VARCHAR(80)  NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX chat_attachment_conversation_ix ON chat_attachment (conversation_id);

-- Knowledge chunks on the embedded default: embeddings as bytes (float32, big-endian); search runs
-- in memory over them (dev.parley.knowledge.control.MemoryIndex).
CREATE SEQUENCE knowledge_chunk_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE knowledge_chunk (
  id           BIGINT PRIMARY KEY,
  article_id   BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  ordinal      INT NOT NULL,
  anchor       VARCHAR(200) NOT NULL,
  title        VARCHAR(300) NOT NULL,
  heading      VARCHAR(500) NOT NULL,
  text         VARCHAR(1000000) NOT NULL,
  content_hash VARCHAR(64) NOT NULL,
  model        VARCHAR(60) NOT NULL,
  embedding    VARBINARY(8192) NOT NULL
);
CREATE INDEX knowledge_chunk_article_ix ON knowledge_chunk (article_id);

CREATE SEQUENCE knowledge_gap_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE knowledge_gap (
  id              BIGINT PRIMARY KEY,
  question        VARCHAR(2000) NOT NULL,
  conversation_id BIGINT,
  reason          VARCHAR(40) NOT NULL,
  embedding       VARBINARY(8192) NOT NULL,
  article_id      BIGINT,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX knowledge_gap_open_ix ON knowledge_gap (article_id, created_at);

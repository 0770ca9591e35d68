-- Knowledge chunks: heading-aware pieces of articles with their embedding (pgvector, HNSW) and a
-- full-text vector, for hybrid retrieval. 384 dimensions: all-MiniLM-L6-v2 and bge-small-en-v1.5.
CREATE SEQUENCE knowledge_chunk_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE knowledge_chunk (
  id           BIGINT PRIMARY KEY,
  article_id   BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  ordinal      INT NOT NULL,
  anchor       VARCHAR(200) NOT NULL,
  title        VARCHAR(300) NOT NULL,
  heading      VARCHAR(500) NOT NULL,
  text         TEXT NOT NULL,
  content_hash VARCHAR(64) NOT NULL,
  model        VARCHAR(60) NOT NULL,
  embedding    vector(384) NOT NULL,
  -- the article's title counts for every chunk of it, as it does in the embedded text
  tsv          tsvector GENERATED ALWAYS AS (
                 setweight(to_tsvector('english', title), 'A')
                 || to_tsvector('english', heading || ' ' || text)) STORED
);
CREATE INDEX knowledge_chunk_article_ix ON knowledge_chunk (article_id);
CREATE INDEX knowledge_chunk_embedding_ix ON knowledge_chunk USING hnsw (embedding vector_cosine_ops);
CREATE INDEX knowledge_chunk_tsv_ix ON knowledge_chunk USING gin (tsv);

-- Questions the bot could not answer, with their embedding for grouping.
CREATE SEQUENCE knowledge_gap_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE knowledge_gap (
  id              BIGINT PRIMARY KEY,
  question        VARCHAR(2000) NOT NULL,
  conversation_id BIGINT,
  reason          VARCHAR(40) NOT NULL,
  embedding       BYTEA NOT NULL,
  article_id      BIGINT,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX knowledge_gap_open_ix ON knowledge_gap (article_id, created_at);

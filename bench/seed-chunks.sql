-- Synthetic knowledge chunks for the retrieval benchmark (bench/run-retrieval): :articles published
-- articles of :per chunks each, every chunk a random unit vector of 384 dimensions and ~60 words
-- drawn from a 2,000-word vocabulary. Random vectors are harder for HNSW than real embeddings (no
-- clusters), so latencies here are on the conservative side. The HNSW index is built after loading.
\set ON_ERROR_STOP on
DROP INDEX IF EXISTS knowledge_chunk_embedding_ix;
CREATE TEMP TABLE vocab AS
  SELECT i, 'w' || md5(i::text)::varchar(6) AS word FROM generate_series(1, 2000) i;
INSERT INTO article (id, slug, title, body, collection, language, status, tags, source_path,
                     created_at, updated_at, version, revision, ingest_state, ingested_revision)
SELECT 1000000 + a, 'bench-' || a, 'Bench article ' || a, 'synthetic', 'bench', 'en', 'PUBLISHED', '', NULL,
       now(), now(), 1, 1, 'READY', 1
FROM generate_series(1, :articles) a;
INSERT INTO knowledge_chunk (id, article_id, ordinal, anchor, heading, text, content_hash, model, title, embedding)
SELECT 10000000 + (a - 1) * :per + c,
       1000000 + a, c, '', 'Section ' || c,
       (SELECT string_agg(v.word, ' ') FROM vocab v
         WHERE v.i IN (SELECT 1 + ((a * 7919 + c * 104729 + k * 15485863) % 2000) FROM generate_series(1, 60) k)),
       md5(a || ':' || c), :'model', 'Bench article ' || a,
       (SELECT (array_agg(x / norm))::vector
          FROM (SELECT x, sqrt(sum(x * x) OVER ()) AS norm
                  FROM (SELECT random() - 0.5 AS x FROM generate_series(1, 384) d WHERE a > 0 AND c > 0) r) n)
FROM generate_series(1, :articles) a, generate_series(1, :per) c;
-- full text is computed by Parley for the chunks it stores; the synthetic ones have no Chinese
UPDATE knowledge_chunk SET tsv = setweight(to_tsvector('english', title), 'A')
                                 || to_tsvector('english', heading || ' ' || text)
 WHERE id >= 10000000 AND tsv IS NULL;
SET maintenance_work_mem = '1GB';
CREATE INDEX knowledge_chunk_embedding_ix ON knowledge_chunk USING hnsw (embedding vector_cosine_ops);
ANALYZE knowledge_chunk;

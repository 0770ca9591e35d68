-- Chinese articles are embedded by bge-small-zh-v1.5 (512 dimensions) in a vector space of their
-- own: the column embedding_zh with its own HNSW index. A chunk has one of the two embeddings.
ALTER TABLE knowledge_chunk ALTER COLUMN embedding DROP NOT NULL;
ALTER TABLE knowledge_chunk ADD COLUMN embedding_zh vector(512);
ALTER TABLE knowledge_chunk ADD CONSTRAINT knowledge_chunk_one_embedding
  CHECK ((embedding IS NULL) <> (embedding_zh IS NULL));
CREATE INDEX knowledge_chunk_embedding_zh_ix ON knowledge_chunk
  USING hnsw (embedding_zh vector_cosine_ops);

-- Full text is now computed by Parley (dev.parley.platform.text.Languages.segmented): Chinese is
-- written without spaces, so its runs of characters are indexed as character bigrams. The column
-- is no longer generated; text without Chinese keeps what it had, chunks with Chinese are filled
-- again at start (tsv NULL).
ALTER TABLE knowledge_chunk ADD COLUMN tsv_new tsvector;
UPDATE knowledge_chunk SET tsv_new = tsv WHERE NOT (title || heading || text) ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]';
DROP INDEX knowledge_chunk_tsv_ix;
ALTER TABLE knowledge_chunk DROP COLUMN tsv;
ALTER TABLE knowledge_chunk RENAME COLUMN tsv_new TO tsv;
CREATE INDEX knowledge_chunk_tsv_ix ON knowledge_chunk USING gin (tsv);

-- Identifiers in a chunk (error codes, SKUs, order numbers, versions) in their canonical form
-- (dev.parley.knowledge.control.Identifiers): "E-4021", "E4021" and "e_4021" are all "e4021".
-- Computed by Parley when a chunk is stored; NULL until then (existing chunks are filled at start).
ALTER TABLE knowledge_chunk ADD COLUMN identifiers TEXT[];
CREATE INDEX knowledge_chunk_identifiers_ix ON knowledge_chunk USING gin (identifiers);

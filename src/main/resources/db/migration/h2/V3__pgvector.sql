-- H2: no pgvector; the embedded default keeps vectors in its own store. Kept so both databases
-- share one version history.
SELECT 1;

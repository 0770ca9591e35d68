-- PostgreSQL only: pgvector for knowledge retrieval (the knowledge feature adds its tables later).
-- The extension must be installable by the Parley database user or pre-created by a superuser.
CREATE EXTENSION IF NOT EXISTS vector;

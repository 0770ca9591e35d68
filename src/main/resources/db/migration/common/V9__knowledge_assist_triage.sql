-- Knowledge base: who wrote an article, its revision history, and where its ingestion stands.
ALTER TABLE article ADD COLUMN author_id BIGINT;
ALTER TABLE article ADD COLUMN revision INT DEFAULT 1 NOT NULL;
ALTER TABLE article ADD COLUMN source_type VARCHAR(20) DEFAULT 'markdown' NOT NULL;
ALTER TABLE article ADD COLUMN ingest_state VARCHAR(20) DEFAULT 'PENDING' NOT NULL;
ALTER TABLE article ADD COLUMN ingest_done INT DEFAULT 0 NOT NULL;
ALTER TABLE article ADD COLUMN ingest_total INT DEFAULT 0 NOT NULL;
ALTER TABLE article ADD COLUMN ingest_error VARCHAR(1000);
ALTER TABLE article ADD COLUMN ingested_revision INT DEFAULT 0 NOT NULL;
ALTER TABLE article ADD COLUMN ingest_attempts INT DEFAULT 0 NOT NULL;

CREATE SEQUENCE article_revision_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE article_revision (
  id          BIGINT PRIMARY KEY,
  article_id  BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  revision    INT NOT NULL,
  title       VARCHAR(300) NOT NULL,
  body        VARCHAR(1000000) NOT NULL,
  collection  VARCHAR(120) NOT NULL,
  language    VARCHAR(16) NOT NULL,
  status      VARCHAR(20) NOT NULL,
  tags        VARCHAR(500) NOT NULL,
  author_id   BIGINT,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT article_revision_uk UNIQUE (article_id, revision)
);

-- Triage: topics the bot classifies visitors' first messages into.
CREATE SEQUENCE topic_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE topic (
  id          BIGINT PRIMARY KEY,
  name        VARCHAR(120) NOT NULL,
  description VARCHAR(2000) NOT NULL,
  inbox_id    BIGINT REFERENCES inbox (id) ON DELETE CASCADE,
  team_id     BIGINT REFERENCES team (id),
  human_only  BOOLEAN NOT NULL,
  examples    VARCHAR(1000000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  version     BIGINT NOT NULL,
  CONSTRAINT topic_name_uk UNIQUE (inbox_id, name)
);

-- The bot's side of a conversation.
ALTER TABLE inbox ADD COLUMN bot_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE conversation ADD COLUMN topic_id BIGINT;
ALTER TABLE conversation ADD COLUMN bot_awaiting_feedback BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE conversation ADD COLUMN bot_resolved BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE conversation ADD COLUMN handoff_reason VARCHAR(40);
ALTER TABLE conversation ADD COLUMN summary VARCHAR(10000);

-- Every AI output (agent suggestion, summary, bot answer) with what produced it: the decision trail.
CREATE SEQUENCE ai_decision_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE ai_decision (
  id                BIGINT PRIMARY KEY,
  kind              VARCHAR(20) NOT NULL,
  conversation_id   BIGINT NOT NULL,
  message_seq       BIGINT,
  source            VARCHAR(20) NOT NULL,
  text              VARCHAR(20000) NOT NULL,
  citations         VARCHAR(10000) NOT NULL,
  retrieved         VARCHAR(100000) NOT NULL,
  prompt_name       VARCHAR(80),
  prompt_version    VARCHAR(20),
  model             VARCHAR(120),
  latency_ms        BIGINT NOT NULL,
  prompt_tokens     INT NOT NULL,
  completion_tokens INT NOT NULL,
  dropped           VARCHAR(2000),
  outcome           VARCHAR(20),
  edit_distance     INT,
  rating            INT,
  decided_by        BIGINT,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ai_decision_conversation_ix ON ai_decision (conversation_id, id);

-- Tokens spent on the LLM per UTC day, for the daily budget.
CREATE TABLE ai_usage (
  usage_day DATE PRIMARY KEY,
  tokens BIGINT NOT NULL
);

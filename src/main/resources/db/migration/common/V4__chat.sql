-- Live chat: inboxes, conversations, messages, canned responses, agent capacities.
-- Portable SQL: runs on H2 2.x and PostgreSQL 15 alike. Attachments (binary) are in V5 per dialect.

CREATE SEQUENCE inbox_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE inbox (
  id                   BIGINT PRIMARY KEY,
  name                 VARCHAR(120)  NOT NULL,
  widget_key           VARCHAR(64)   NOT NULL,
  allowed_origins      VARCHAR(4000) NOT NULL,
  greeting             VARCHAR(2000),
  offline_text         VARCHAR(2000),
  business_hours       VARCHAR(8000),
  pre_chat_fields      VARCHAR(8000) NOT NULL,
  max_attachment_bytes BIGINT        NOT NULL,
  attachment_types     VARCHAR(1000) NOT NULL,
  assignment           VARCHAR(20)   NOT NULL,
  created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  version              BIGINT        NOT NULL,
  CONSTRAINT inbox_name_uk UNIQUE (name),
  CONSTRAINT inbox_widget_key_uk UNIQUE (widget_key),
  CONSTRAINT inbox_assignment_ck CHECK (assignment IN ('ROUND_ROBIN', 'LEAST_LOAD', 'MANUAL'))
);

CREATE TABLE inbox_team (
  inbox_id BIGINT NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
  team_id  BIGINT NOT NULL REFERENCES team (id) ON DELETE CASCADE,
  PRIMARY KEY (inbox_id, team_id)
);
CREATE INDEX inbox_team_team_ix ON inbox_team (team_id);

CREATE SEQUENCE conversation_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE conversation (
  id                 BIGINT PRIMARY KEY,
  inbox_id           BIGINT       NOT NULL REFERENCES inbox (id),
  visitor_id         VARCHAR(64)  NOT NULL,
  visitor_name       VARCHAR(200),
  visitor_email      VARCHAR(320),
  fields             VARCHAR(8000) NOT NULL,
  state              VARCHAR(20)  NOT NULL,
  assignee_id        BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
  team_id            BIGINT REFERENCES team (id) ON DELETE SET NULL,
  last_seq           BIGINT       NOT NULL,
  last_public_seq    BIGINT       NOT NULL,
  first_retained_seq BIGINT       NOT NULL,
  visitor_read_seq   BIGINT       NOT NULL,
  agent_read_seq     BIGINT       NOT NULL,
  waiting_offline    BOOLEAN      NOT NULL,
  csat_score         INT,
  csat_comment       VARCHAR(2000),
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  closed_at          TIMESTAMP WITH TIME ZONE,
  version            BIGINT       NOT NULL,
  CONSTRAINT conversation_state_ck CHECK (state IN ('BOT', 'HANDOFF_PENDING', 'HUMAN', 'CLOSED')),
  CONSTRAINT conversation_csat_ck CHECK (csat_score IS NULL OR csat_score BETWEEN 1 AND 5)
);
CREATE INDEX conversation_visitor_ix ON conversation (visitor_id, created_at);
CREATE INDEX conversation_inbox_state_ix ON conversation (inbox_id, state, updated_at);
CREATE INDEX conversation_assignee_ix ON conversation (assignee_id, state);

-- ids in blocks of 500: fetching a block every 50 messages made threads queue on the sequencing lock
CREATE SEQUENCE chat_message_seq START WITH 500 INCREMENT BY 500;
CREATE TABLE chat_message (
  id              BIGINT PRIMARY KEY,
  conversation_id BIGINT       NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  seq             BIGINT       NOT NULL,
  prev_public_seq BIGINT       NOT NULL,
  kind            VARCHAR(10)  NOT NULL,
  author_id       BIGINT,
  author_name     VARCHAR(200),
  client_id       VARCHAR(64),
  body            VARCHAR(20000) NOT NULL,
  attachment_id   BIGINT,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT chat_message_seq_uk UNIQUE (conversation_id, seq),
  CONSTRAINT chat_message_client_uk UNIQUE (conversation_id, client_id),
  CONSTRAINT chat_message_kind_ck CHECK (kind IN ('VISITOR', 'AGENT', 'BOT', 'NOTE', 'SYSTEM'))
);

CREATE SEQUENCE canned_response_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE canned_response (
  id         BIGINT PRIMARY KEY,
  shortcut   VARCHAR(60)   NOT NULL,
  title      VARCHAR(200)  NOT NULL,
  body       VARCHAR(8000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  version    BIGINT        NOT NULL,
  CONSTRAINT canned_response_shortcut_uk UNIQUE (shortcut)
);

CREATE TABLE agent_capacity (
  user_id  BIGINT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  capacity INT NOT NULL,
  CONSTRAINT agent_capacity_ck CHECK (capacity BETWEEN 0 AND 100)
);

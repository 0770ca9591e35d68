-- The outbox: domain events written in the same transaction as the change they describe.
CREATE SEQUENCE outbox_event_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE outbox_event (
  id             BIGINT PRIMARY KEY,
  event_type     VARCHAR(80)  NOT NULL,
  aggregate_type VARCHAR(40)  NOT NULL,
  aggregate_id   VARCHAR(64)  NOT NULL,
  payload        VARCHAR(1000000) NOT NULL,
  occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  published_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_event_unpublished_ix ON outbox_event (published_at, id);

-- Knowledge-base articles (the demo help center loads into this table on first start).
CREATE SEQUENCE article_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE article (
  id          BIGINT PRIMARY KEY,
  slug        VARCHAR(200) NOT NULL,
  title       VARCHAR(300) NOT NULL,
  body        VARCHAR(1000000) NOT NULL,
  collection  VARCHAR(120) NOT NULL,
  language    VARCHAR(16)  NOT NULL,
  status      VARCHAR(20)  NOT NULL,
  tags        VARCHAR(500) NOT NULL,
  source_path VARCHAR(500),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  version     BIGINT NOT NULL,
  CONSTRAINT article_slug_uk UNIQUE (slug),
  CONSTRAINT article_status_ck CHECK (status IN ('DRAFT', 'PUBLISHED', 'ARCHIVED'))
);
CREATE INDEX article_collection_ix ON article (collection, language, status);

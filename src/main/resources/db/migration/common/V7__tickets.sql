-- Tickets: contacts and organizations, tickets with comments, tags, followers, custom fields,
-- an audit trail and SLA clocks; idempotency keys for creates; job leases for cluster-wide jobs.
-- Portable SQL: runs on H2 2.x and PostgreSQL 15 alike. Binary attachments and the full-text
-- index are in V8 per dialect.

ALTER TABLE team ADD COLUMN business_hours VARCHAR(8000);

CREATE SEQUENCE organization_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE organization (
  id         BIGINT PRIMARY KEY,
  name       VARCHAR(200) NOT NULL,
  name_key   VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  version    BIGINT NOT NULL,
  CONSTRAINT organization_name_uk UNIQUE (name_key)
);

CREATE SEQUENCE contact_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE contact (
  id              BIGINT PRIMARY KEY,
  name            VARCHAR(200),
  email           VARCHAR(320),
  email_key       VARCHAR(320),
  external_id     VARCHAR(200),
  organization_id BIGINT REFERENCES organization (id) ON DELETE SET NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  version         BIGINT NOT NULL,
  CONSTRAINT contact_email_uk UNIQUE (email_key),
  CONSTRAINT contact_external_id_uk UNIQUE (external_id)
);
CREATE INDEX contact_organization_ix ON contact (organization_id);

-- A ticket's id is its human number, one sequence per installation (#1001, #1002, ...).
CREATE SEQUENCE ticket_number_seq START WITH 1001 INCREMENT BY 1;
CREATE TABLE ticket (
  id                  BIGINT PRIMARY KEY,
  number              BIGINT        NOT NULL,
  subject             VARCHAR(300)  NOT NULL,
  description         VARCHAR(65535) NOT NULL,
  status              VARCHAR(20)   NOT NULL,
  priority            VARCHAR(20)   NOT NULL,
  type                VARCHAR(20)   NOT NULL,
  via                 VARCHAR(20)   NOT NULL,
  requester_id        BIGINT        NOT NULL REFERENCES contact (id),
  organization_id     BIGINT REFERENCES organization (id) ON DELETE SET NULL,
  assignee_id         BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
  team_id             BIGINT REFERENCES team (id) ON DELETE SET NULL,
  custom_fields       VARCHAR(16000) NOT NULL,
  conversation_id     BIGINT REFERENCES conversation (id) ON DELETE SET NULL,
  follow_up_of        BIGINT REFERENCES ticket (id),
  merged_into         BIGINT REFERENCES ticket (id),
  first_responded_at  TIMESTAMP WITH TIME ZONE,
  solved_at           TIMESTAMP WITH TIME ZONE,
  closed_at           TIMESTAMP WITH TIME ZONE,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  version             BIGINT NOT NULL,
  CONSTRAINT ticket_number_uk UNIQUE (number),
  CONSTRAINT ticket_status_ck CHECK (status IN ('NEW', 'OPEN', 'PENDING', 'ON_HOLD', 'SOLVED', 'CLOSED')),
  CONSTRAINT ticket_priority_ck CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
  CONSTRAINT ticket_type_ck CHECK (type IN ('QUESTION', 'INCIDENT', 'PROBLEM', 'TASK'))
);
-- Keyset pagination by (updated_at, id) or (created_at, id), optionally within a status, team
-- or assignee: the filters of an agent's views.
CREATE INDEX ticket_updated_ix ON ticket (updated_at, id);
CREATE INDEX ticket_created_ix ON ticket (created_at, id);
CREATE INDEX ticket_status_updated_ix ON ticket (status, updated_at, id);
CREATE INDEX ticket_team_status_updated_ix ON ticket (team_id, status, updated_at, id);
CREATE INDEX ticket_assignee_status_updated_ix ON ticket (assignee_id, status, updated_at, id);
CREATE INDEX ticket_requester_ix ON ticket (requester_id, created_at);
CREATE INDEX ticket_organization_ix ON ticket (organization_id);
CREATE INDEX ticket_conversation_ix ON ticket (conversation_id);

ALTER TABLE conversation ADD COLUMN ticket_id BIGINT REFERENCES ticket (id) ON DELETE SET NULL;

CREATE TABLE ticket_tag (
  ticket_id BIGINT      NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  tag       VARCHAR(64) NOT NULL,
  PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tag_tag_ix ON ticket_tag (tag, ticket_id);

CREATE TABLE ticket_follower (
  ticket_id BIGINT NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  user_id   BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_follower_user_ix ON ticket_follower (user_id);

-- SLA clocks: one row per ticket and metric. next_check_at is when the watcher must look next
-- (a warning or a breach is due); null while paused, achieved or done.
CREATE TABLE ticket_sla (
  ticket_id      BIGINT      NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  metric         VARCHAR(20) NOT NULL,
  target_seconds BIGINT      NOT NULL,
  used_seconds   BIGINT      NOT NULL,
  running_since  TIMESTAMP WITH TIME ZONE,
  due_at         TIMESTAMP WITH TIME ZONE,
  warn_at        TIMESTAMP WITH TIME ZONE,
  achieved_at    TIMESTAMP WITH TIME ZONE,
  warned         BOOLEAN     NOT NULL,
  breached       BOOLEAN     NOT NULL,
  next_check_at  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (ticket_id, metric),
  CONSTRAINT ticket_sla_metric_ck CHECK (metric IN ('FIRST_RESPONSE', 'NEXT_RESPONSE', 'RESOLUTION'))
);
CREATE INDEX ticket_sla_check_ix ON ticket_sla (next_check_at);

CREATE SEQUENCE ticket_comment_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE ticket_comment (
  id          BIGINT PRIMARY KEY,
  ticket_id   BIGINT        NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  author_kind VARCHAR(20)   NOT NULL,
  author_id   BIGINT,
  author_name VARCHAR(200)  NOT NULL,
  body        VARCHAR(65535) NOT NULL,
  is_public   BOOLEAN       NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT ticket_comment_author_ck CHECK (author_kind IN ('USER', 'API_TOKEN', 'CONTACT', 'AUTOMATION'))
);
CREATE INDEX ticket_comment_ticket_ix ON ticket_comment (ticket_id, created_at);

CREATE SEQUENCE ticket_audit_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE ticket_audit (
  id          BIGINT PRIMARY KEY,
  ticket_id   BIGINT       NOT NULL REFERENCES ticket (id) ON DELETE CASCADE,
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  actor_kind  VARCHAR(20)  NOT NULL,
  actor_id    BIGINT,
  actor_name  VARCHAR(200) NOT NULL,
  field       VARCHAR(100) NOT NULL,
  old_value   VARCHAR(4000),
  new_value   VARCHAR(4000)
);
CREATE INDEX ticket_audit_ticket_ix ON ticket_audit (ticket_id, id);

CREATE SEQUENCE ticket_field_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE ticket_field (
  id                BIGINT PRIMARY KEY,
  field_key         VARCHAR(64)   NOT NULL,
  label             VARCHAR(200)  NOT NULL,
  type              VARCHAR(20)   NOT NULL,
  options           VARCHAR(8000) NOT NULL,
  required_to_solve BOOLEAN       NOT NULL,
  active            BOOLEAN       NOT NULL,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  version           BIGINT NOT NULL,
  CONSTRAINT ticket_field_key_uk UNIQUE (field_key),
  CONSTRAINT ticket_field_type_ck CHECK (type IN ('TEXT', 'NUMBER', 'DATE', 'DROPDOWN', 'CHECKBOX'))
);

CREATE TABLE sla_policy (
  priority                VARCHAR(20) PRIMARY KEY,
  first_response_seconds  BIGINT,
  next_response_seconds   BIGINT,
  resolution_seconds      BIGINT,
  updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  version                 BIGINT NOT NULL,
  CONSTRAINT sla_policy_priority_ck CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT'))
);

-- A retried create with the same key (per caller) returns the first result.
CREATE TABLE idempotency_key (
  caller       VARCHAR(100) NOT NULL,
  idem_key     VARCHAR(200) NOT NULL,
  request_hash VARCHAR(64)  NOT NULL,
  resource_id  BIGINT       NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (caller, idem_key)
);
CREATE INDEX idempotency_key_created_ix ON idempotency_key (created_at);

-- Cluster-wide jobs (the SLA watcher): the node holding an unexpired lease runs the job.
CREATE TABLE job_lease (
  name       VARCHAR(100) PRIMARY KEY,
  holder     VARCHAR(200) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Identity: staff users (agents and admins), teams, login sessions, API tokens, signing keys.
-- Portable SQL: runs on H2 2.x and PostgreSQL 15 alike.
-- Sequences start at and step by the JPA allocationSize (50): EclipseLink requires both.

CREATE SEQUENCE app_user_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE app_user (
  id                       BIGINT PRIMARY KEY,
  email                    VARCHAR(320) NOT NULL,
  display_name             VARCHAR(200) NOT NULL,
  role                     VARCHAR(20)  NOT NULL,
  active                   BOOLEAN      NOT NULL,
  password_hash            VARCHAR(255) NOT NULL,
  password_change_required BOOLEAN      NOT NULL,
  created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
  version                  BIGINT       NOT NULL,
  CONSTRAINT app_user_email_uk UNIQUE (email),
  CONSTRAINT app_user_role_ck CHECK (role IN ('ADMIN', 'AGENT'))
);

CREATE SEQUENCE team_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE team (
  id          BIGINT PRIMARY KEY,
  name        VARCHAR(120) NOT NULL,
  description VARCHAR(1000),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  version     BIGINT NOT NULL,
  CONSTRAINT team_name_uk UNIQUE (name)
);

CREATE TABLE team_member (
  team_id BIGINT NOT NULL REFERENCES team (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_member_user_ix ON team_member (user_id);

CREATE SEQUENCE login_session_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE login_session (
  id             BIGINT PRIMARY KEY,
  token_hash     VARCHAR(64)  NOT NULL,
  user_id        BIGINT       NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at     TIMESTAMP WITH TIME ZONE,
  remote_address VARCHAR(64),
  user_agent     VARCHAR(300),
  CONSTRAINT login_session_token_uk UNIQUE (token_hash)
);
CREATE INDEX login_session_user_ix ON login_session (user_id);

CREATE SEQUENCE api_token_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE api_token (
  id           BIGINT PRIMARY KEY,
  name         VARCHAR(120) NOT NULL,
  token_hash   VARCHAR(64)  NOT NULL,
  token_prefix VARCHAR(16)  NOT NULL,
  scopes       VARCHAR(500) NOT NULL,
  created_by   BIGINT REFERENCES app_user (id) ON DELETE SET NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE,
  last_used_at TIMESTAMP WITH TIME ZONE,
  revoked_at   TIMESTAMP WITH TIME ZONE,
  CONSTRAINT api_token_hash_uk UNIQUE (token_hash)
);

CREATE SEQUENCE signing_key_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE signing_key (
  id         BIGINT PRIMARY KEY,
  kid        VARCHAR(40)  NOT NULL,
  purpose    VARCHAR(40)  NOT NULL,
  secret     VARCHAR(200) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT signing_key_kid_uk UNIQUE (kid)
);

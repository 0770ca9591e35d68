-- Agents' presence over time: one row per period in a status (online, away, offline), the open
-- one without an end. Reports add up the online time (AN-6). Portable SQL.
CREATE SEQUENCE presence_period_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE presence_period (
  id         BIGINT PRIMARY KEY,
  agent_id   BIGINT      NOT NULL,
  status     VARCHAR(10) NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at   TIMESTAMP WITH TIME ZONE,
  CONSTRAINT presence_period_status_ck CHECK (status IN ('ONLINE', 'AWAY', 'OFFLINE'))
);
CREATE INDEX presence_period_agent_ix ON presence_period (agent_id, ended_at);
CREATE INDEX presence_period_started_ix ON presence_period (started_at);

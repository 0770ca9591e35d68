-- Trained triage models, one per topic set (0: the topics of every inbox; otherwise an inbox that
-- has topics of its own), shared by every node. Training runs in the background on one node at a
-- time per set (dev.parley.triage.control.TriageTraining); classify keeps the previous model until
-- the next one is stored.
CREATE TABLE triage_model (
  topic_set   BIGINT PRIMARY KEY,
  requested   BIGINT NOT NULL,
  trained     BIGINT NOT NULL,
  state       VARCHAR(16) NOT NULL,
  phase       VARCHAR(32),
  done        INT NOT NULL,
  total       INT NOT NULL,
  trainer     VARCHAR(64),
  heartbeat   TIMESTAMP WITH TIME ZONE,
  started_at  TIMESTAMP WITH TIME ZONE,
  trained_at  TIMESTAMP WITH TIME ZONE,
  fingerprint VARCHAR(64),
  model       BLOB,
  report      VARCHAR(1000000),
  error       VARCHAR(2000),
  version     BIGINT NOT NULL,
  CONSTRAINT triage_model_state_ck CHECK (state IN ('QUEUED', 'TRAINING', 'READY', 'EMPTY', 'FAILED'))
);

-- An admin's explicit out-of-scope rule, instead of the fitted ones (at most one row).
CREATE TABLE triage_rule (
  id              INT PRIMARY KEY,
  min_probability DOUBLE PRECISION NOT NULL,
  min_similarity  DOUBLE PRECISION NOT NULL,
  updated_by      VARCHAR(200) NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

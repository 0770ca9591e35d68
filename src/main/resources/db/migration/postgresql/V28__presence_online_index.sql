-- The agents report's online time reads only online periods overlapping its range: a partial
-- covering index makes that an index-only scan (measured in BENCHMARKS.md, "Reports").
CREATE INDEX presence_period_online_ix ON presence_period (started_at)
  INCLUDE (agent_id, ended_at) WHERE status = 'ONLINE';

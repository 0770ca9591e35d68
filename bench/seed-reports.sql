-- Seeds the reports benchmark (bench/run-reports): :rows conversations and :rows tickets spread
-- evenly over the last 365 days (so a 90-day report reads about a quarter of each), with the
-- clocks the reports read, SLA targets (two per ticket), ratings, bot outcomes and one reply
-- suggestion per conversation. Teams, agents and inboxes come from the API (:teamvalues rows of
-- (index, team, agent), :inboxvalues rows of (index, inbox)). Ids far above what sequences hand out.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_team (idx INT PRIMARY KEY, team_id BIGINT, agent_id BIGINT);
INSERT INTO bench_team VALUES :teamvalues;
CREATE TEMP TABLE bench_inbox (idx INT PRIMARY KEY, inbox_id BIGINT);
INSERT INTO bench_inbox VALUES :inboxvalues;

-- conversations: 60 % start with the bot; of those a third are resolved by it, half handed off
-- (for one of five reasons), the rest closed by the visitor; people answer within 0-2 h and close
-- within 0-8 h; 30 % of closed ones are rated
INSERT INTO conversation (id, inbox_id, visitor_id, fields, state, assignee_id, team_id, last_seq,
  last_public_seq, first_retained_seq, visitor_read_seq, agent_read_seq, waiting_offline,
  csat_score, csat_comment, created_at, updated_at, closed_at, version, bot_awaiting_feedback,
  bot_resolved, handoff_reason, started_with_bot, handed_off_at, first_response_at,
  first_response_seconds, resolution_seconds)
SELECT 700000000 + g, bi.inbox_id, 'v_rep_' || g, '{}',
  CASE WHEN o.open THEN 'HUMAN' ELSE 'CLOSED' END,
  CASE WHEN o.people THEN bt.agent_id END, CASE WHEN o.people THEN bt.team_id END,
  4, 4, 1, 4, 4, false,
  CASE WHEN NOT o.open AND g % 10 < 3 THEN 1 + (g * 7) % 5 END,
  CASE WHEN NOT o.open AND g % 40 = 0 THEN 'Comment ' || g END,
  c.created, c.created, CASE WHEN NOT o.open THEN c.created + o.close_after END, 1, false,
  o.bot_resolved, o.reason, o.bot,
  CASE WHEN o.people THEN c.created + o.handoff_after END,
  CASE WHEN o.people THEN c.created + o.handoff_after + o.response_after END,
  CASE WHEN o.people THEN CAST(EXTRACT(EPOCH FROM o.response_after) AS BIGINT) END,
  CASE WHEN o.people AND NOT o.open THEN CAST(EXTRACT(EPOCH FROM o.close_after - o.handoff_after) AS BIGINT) END
FROM generate_series(1, :rows) g
JOIN bench_team bt ON bt.idx = g % :teams
JOIN bench_inbox bi ON bi.idx = g % :inboxes
CROSS JOIN LATERAL (SELECT now() - (g * (365 * 86400 / :rows)) * interval '1 second' AS created) c
CROSS JOIN LATERAL (
  SELECT g % 5 < 3 AS bot,
         g % 5 < 3 AND g % 3 = 0 AS bot_resolved,
         (g % 5 >= 3 OR g % 3 = 1) AS people,
         g % 97 = 0 AS open,
         CASE WHEN g % 5 < 3 AND g % 3 = 1
              THEN (ARRAY['asked_for_human','not_helped','out_of_scope','human_only_topic','no_answer'])[1 + (g / 3) % 5] END AS reason,
         CASE WHEN g % 5 < 3 THEN ((g * 13) % 600) * interval '1 second' ELSE interval '0' END AS handoff_after,
         ((g * 31) % 7200) * interval '1 second' AS response_after,
         (600 + (g * 53) % 28800) * interval '1 second' + interval '2 hours' AS close_after
) o;

-- one reply suggestion per conversation people had, from one of two prompt versions and models
INSERT INTO ai_decision (id, kind, conversation_id, source, text, citations, retrieved, prompt_name,
  prompt_version, model, latency_ms, prompt_tokens, completion_tokens, outcome, edit_distance,
  decided_by, created_at, decided_at)
SELECT 800000000 + g, 'REPLY', 700000000 + g, 'LLM', 'A suggested reply', '[]', '[]', 'reply',
  CASE WHEN g % 2 = 0 THEN '3' ELSE '4' END, CASE WHEN g % 4 < 2 THEN 'model-a' ELSE 'model-b' END,
  500, 800, 60,
  (ARRAY['SENT','SENT_EDITED','SENT_EDITED','DISMISSED',NULL])[1 + (g * 7) % 5],
  CASE WHEN (g * 7) % 5 IN (1, 2) THEN (g * 11) % 120 END,
  c.assignee_id, c.first_response_at - interval '30 seconds', c.first_response_at
FROM generate_series(1, :rows) g
JOIN conversation c ON c.id = 700000000 + g
WHERE c.first_response_at IS NOT NULL;

INSERT INTO contact (id, name, email, email_key, created_at, updated_at, version)
SELECT 1500000 + g, 'Requester ' || g, 'r' || g || '@reports.example', 'r' || g || '@reports.example',
  now(), now(), 1
FROM generate_series(1, 10000) g;

-- tickets: answered within 0-10 h, solved within 1-72 h (80 %), over email, web, api or chat
INSERT INTO ticket (id, number, subject, description, status, priority, type, via, requester_id,
  assignee_id, team_id, custom_fields, first_responded_at, solved_at, created_at, updated_at,
  version, first_response_seconds, resolution_seconds)
SELECT 700000000 + g, 700000000 + g, 'Report ticket ' || g, 'A ticket of the reports benchmark.',
  CASE WHEN o.solved THEN 'SOLVED' ELSE 'OPEN' END, 'NORMAL', 'QUESTION',
  (ARRAY['email','web','api','chat'])[1 + g % 4], 1500001 + g % 10000,
  bt.agent_id, bt.team_id, '{}',
  c.created + o.response_after, CASE WHEN o.solved THEN c.created + o.solve_after END,
  c.created, c.created, 1,
  CAST(EXTRACT(EPOCH FROM o.response_after) AS BIGINT),
  CASE WHEN o.solved THEN CAST(EXTRACT(EPOCH FROM o.solve_after) AS BIGINT) END
FROM generate_series(1, :rows) g
JOIN bench_team bt ON bt.idx = g % :teams
CROSS JOIN LATERAL (SELECT now() - (g * (365 * 86400 / :rows)) * interval '1 second' - interval '1 minute' AS created) c
CROSS JOIN LATERAL (
  SELECT g % 5 <> 0 AS solved,
         ((g * 37) % 36000) * interval '1 second' AS response_after,
         (3600 + (g * 41) % 255600) * interval '1 second' AS solve_after
) o;

-- SLA: first response 4 h and resolution 48 h; met or missed as the times above say
INSERT INTO ticket_sla (ticket_id, metric, target_seconds, used_seconds, achieved_at, warned,
  breached, breached_at)
SELECT t.id, 'FIRST_RESPONSE', 14400, t.first_response_seconds, t.first_responded_at,
  t.first_response_seconds > 11520, t.first_response_seconds > 14400,
  CASE WHEN t.first_response_seconds > 14400 THEN t.created_at + interval '4 hours' END
FROM ticket t WHERE t.id > 700000000;
INSERT INTO ticket_sla (ticket_id, metric, target_seconds, used_seconds, achieved_at, warned,
  breached, breached_at)
SELECT t.id, 'RESOLUTION', 172800, COALESCE(t.resolution_seconds, 0), t.solved_at,
  COALESCE(t.resolution_seconds, 0) > 138240, COALESCE(t.resolution_seconds, 0) > 172800,
  CASE WHEN t.resolution_seconds > 172800 THEN t.created_at + interval '48 hours' END
FROM ticket t WHERE t.id > 700000000;

-- presence over time (the agents report's online time): 200 agents (the bench's and others the
-- report counts but does not list), 12 status changes a day for 120 days: 288,000 periods
INSERT INTO presence_period (id, agent_id, status, started_at, ended_at)
SELECT 700000000 + a * 10000 + d * 12 + k, COALESCE(bt.agent_id, 900000000 + a),
  (ARRAY['ONLINE', 'AWAY', 'ONLINE', 'OFFLINE'])[1 + k % 4],
  date_trunc('day', now()) - make_interval(days => d) + make_interval(hours => k * 2),
  date_trunc('day', now()) - make_interval(days => d) + make_interval(hours => k * 2 + 2)
FROM generate_series(0, 199) a
LEFT JOIN bench_team bt ON bt.idx = a
CROSS JOIN generate_series(0, 119) d
CROSS JOIN generate_series(0, 11) k;

-- a steady state: what autovacuum keeps (visibility map set, statistics fresh)
VACUUM ANALYZE conversation;
VACUUM ANALYZE ai_decision;
VACUUM ANALYZE contact;
VACUUM ANALYZE ticket;
VACUUM ANALYZE ticket_sla;
VACUUM ANALYZE presence_period;

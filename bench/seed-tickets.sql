-- Seeds the ticket benchmark's data set (bench/run-tickets): :tickets tickets over :teams teams,
-- 100,000 contacts in 1,000 organizations, a tag on every fifth ticket. Ticket g belongs to team
-- index g % :teams (the load generator relies on it); statuses, priorities, times and text vary.
\set ON_ERROR_STOP on
CREATE TEMP TABLE bench_team (idx INT PRIMARY KEY, team_id BIGINT, agent_id BIGINT);
INSERT INTO bench_team VALUES :teamvalues;

INSERT INTO organization (id, name, name_key, created_at, version)
SELECT 1000000 + g, 'Bench org ' || g, 'bench org ' || g, now(), 1 FROM generate_series(1, 1000) g;

INSERT INTO contact (id, name, email, email_key, external_id, organization_id, created_at, updated_at, version)
SELECT 1000000 + g, 'Contact ' || g, 'c' || g || '@bench.example', 'c' || g || '@bench.example',
       'crm-' || g, 1000000 + 1 + g % 1000, now(), now(), 1
FROM generate_series(1, 100000) g;

CREATE TEMP TABLE bench_words (i INT PRIMARY KEY, w TEXT);
INSERT INTO bench_words
SELECT row_number() OVER () - 1, w FROM unnest(string_to_array(
  'printer jams page paper tray toner driver update firmware login password reset account invoice '
  || 'refund order shipping delivery late damaged broken screen battery charger cable wifi network '
  || 'error crash slow freeze install upgrade license subscription cancel renew billing card payment '
  || 'declined export import report dashboard sync mobile app email notification calendar backup '
  || 'restore permission access denied timeout server outage latency', ' ')) AS w;

INSERT INTO ticket (id, number, subject, description, status, priority, type, via, requester_id,
                    organization_id, assignee_id, team_id, custom_fields, created_at, updated_at, version)
SELECT g, g,
       initcap(w1.w) || ' ' || w2.w || ' ' || w3.w,
       'The ' || w1.w || ' shows ' || w2.w || ' after the ' || w3.w || ' ' || w4.w
         || '. We tried ' || w5.w || ' and ' || w2.w || ' again but the ' || w4.w
         || ' keeps failing. Please help with the ' || w1.w || ' ' || w5.w || ' soon.',
       s.status,
       (ARRAY['LOW','NORMAL','NORMAL','NORMAL','HIGH','URGENT'])[1 + (g / 7) % 6],
       (ARRAY['QUESTION','INCIDENT','PROBLEM','TASK'])[1 + (g / 11) % 4],
       (ARRAY['web','api','chat'])[1 + g % 3],
       1000000 + 1 + (g * 7919) % 100000,
       1000000 + 1 + ((g * 7919) % 100000) % 1000,
       CASE WHEN s.status = 'NEW' THEN NULL ELSE bt.agent_id END,
       bt.team_id,
       '{}',
       c.created,
       LEAST(c.created + ((g * 13) % 240) * interval '1 hour', now()),
       1
FROM generate_series(1001::bigint, 1000 + :tickets) g
JOIN bench_team bt ON bt.idx = g % :teams
CROSS JOIN LATERAL (SELECT now() - ((:tickets + 1000 - g) * interval '60 seconds') AS created) c
CROSS JOIN LATERAL (SELECT (ARRAY['CLOSED','CLOSED','CLOSED','CLOSED','CLOSED','SOLVED','SOLVED',
                                  'OPEN','OPEN','OPEN','NEW','PENDING','PENDING','ON_HOLD'])
                           [1 + (g * 31) % 14] AS status) s
JOIN bench_words w1 ON w1.i = (g * 3) % 60
JOIN bench_words w2 ON w2.i = (g * 7 + 1) % 60
JOIN bench_words w3 ON w3.i = (g * 11 + 2) % 60
JOIN bench_words w4 ON w4.i = (g * 13 + 3) % 60
JOIN bench_words w5 ON w5.i = (g * 17 + 4) % 60;

INSERT INTO ticket_tag (ticket_id, tag)
SELECT g, 'topic-' || (g / 5) % 40 FROM generate_series(1001::bigint, 1000 + :tickets) g WHERE g % 5 = 0;

SELECT setval('ticket_number_seq', 1000 + :tickets + 1);
SELECT setval('contact_seq', 2000000);
SELECT setval('organization_seq', 2000000);
ANALYZE organization, contact, ticket, ticket_tag;

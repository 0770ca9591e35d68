-- The console's scale (bench/console-scale): CONVERSATIONS open conversations of two messages each
-- in the inbox :inbox, one conversation of :long_messages messages over about a month in it (id
-- 910000000), and the baseline: an inbox :small_inbox of 10 open conversations, one of them
-- (910000001) of 20 messages. Ids far above what the sequences hand out.
-- psql -v inbox=… -v small_inbox=… -v conversations=10000 -v long_messages=5000 -f …

INSERT INTO conversation (id, inbox_id, visitor_id, visitor_name, visitor_email, fields, state,
  last_seq, last_public_seq, first_retained_seq, visitor_read_seq, agent_read_seq, waiting_offline,
  created_at, updated_at, version, bot_awaiting_feedback, bot_resolved)
SELECT 900000000 + g, CASE WHEN g <= 10 THEN :small_inbox ELSE :inbox END, 'v_scale_' || g,
  'Visitor ' || g, 'visitor' || g || '@scale.example', '{}',
  CASE WHEN g % 3 = 0 THEN 'HUMAN' ELSE 'HANDOFF_PENDING' END,
  2, 2, 1, 2, CASE WHEN g % 2 = 0 THEN 2 ELSE 0 END, false,
  now() - g * interval '7 seconds' - interval '1 hour', now() - g * interval '7 seconds', 1, false, false
FROM generate_series(1, :conversations + 10) g;

INSERT INTO chat_message (id, conversation_id, seq, prev_public_seq, kind, author_name, client_id,
  body, created_at)
SELECT 950000000 + g * 2 + s, 900000000 + g, s + 1, s, 'VISITOR', NULL, 'scale-' || g || '-' || s,
  CASE WHEN s = 0 THEN 'Hello, my order ' || g || ' has not arrived yet.'
       ELSE 'Could you tell me where it is? It is the ' || g || 'th time I ask.' END,
  now() - g * interval '7 seconds' - (1 - s) * interval '1 minute'
FROM generate_series(1, :conversations + 10) g, generate_series(0, 1) s;

-- the long one and its baseline: visitor and agent in turns, a message every 9 minutes
INSERT INTO conversation (id, inbox_id, visitor_id, visitor_name, visitor_email, fields, state,
  last_seq, last_public_seq, first_retained_seq, visitor_read_seq, agent_read_seq, waiting_offline,
  created_at, updated_at, version, bot_awaiting_feedback, bot_resolved)
VALUES
  (910000000, :inbox, 'v_scale_long', 'Long Conversation', 'long@scale.example', '{}', 'HUMAN',
   :long_messages, :long_messages, 1, :long_messages, :long_messages, false,
   now() - :long_messages * interval '9 minutes', now(), 1, false, false),
  (910000001, :small_inbox, 'v_scale_short', 'Short Conversation', 'short@scale.example', '{}',
   'HUMAN', 20, 20, 1, 20, 20, false, now() - 20 * interval '9 minutes', now(), 1, false, false);

INSERT INTO chat_message (id, conversation_id, seq, prev_public_seq, kind, author_name, client_id,
  body, created_at)
SELECT 980000000 + (c - 910000000) * 100000 + s, c, s, s - 1,
  CASE WHEN s % 2 = 1 THEN 'VISITOR' ELSE 'AGENT' END,
  CASE WHEN s % 2 = 1 THEN NULL ELSE 'Admin' END, 'long-' || c || '-' || s,
  CASE WHEN s % 7 = 0
       THEN 'Message ' || s || ': here is the longer explanation, with a link https://example.com/orders/' || s
            || ' and enough words to wrap over two or three lines in the console, as real replies do.'
       ELSE 'Message ' || s || ' of the conversation.' END,
  now() - (CASE WHEN c = 910000000 THEN :long_messages ELSE 20 END - s) * interval '9 minutes'
FROM (VALUES (910000000), (910000001)) AS t(c),
     generate_series(1, :long_messages) s
WHERE c = 910000000 OR s <= 20;

ANALYZE conversation;
ANALYZE chat_message;

-- The staff list shows each conversation's last message (visitor, agent or bot), kept on the
-- conversation's row as it is written: the list reads one row per conversation, never its messages.
ALTER TABLE conversation ADD COLUMN last_message VARCHAR(200);
ALTER TABLE conversation ADD COLUMN last_message_kind VARCHAR(10);

-- The knowledge-base articles a bot answer rests on, as JSON ([{article, title, anchor}]), so the
-- widget shows them as links beside the answer.
ALTER TABLE chat_message ADD COLUMN sources VARCHAR(4000);

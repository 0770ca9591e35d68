-- The bot's settings per inbox (null: the installation's defaults). Portable SQL.
ALTER TABLE inbox ADD COLUMN bot_answer_similarity DOUBLE PRECISION;
ALTER TABLE inbox ADD COLUMN bot_handoff_text VARCHAR(2000);

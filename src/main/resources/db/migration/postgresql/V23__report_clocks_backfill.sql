-- Tickets answered or solved before V22: their clocks in wall-clock time (their team's business
-- hours were not recorded with them).
UPDATE ticket SET first_response_seconds = CAST(EXTRACT(EPOCH FROM first_responded_at - created_at) AS BIGINT)
 WHERE first_responded_at IS NOT NULL;
UPDATE ticket SET resolution_seconds = CAST(EXTRACT(EPOCH FROM solved_at - created_at) AS BIGINT)
 WHERE solved_at IS NOT NULL;

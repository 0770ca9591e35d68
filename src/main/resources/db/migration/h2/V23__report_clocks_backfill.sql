-- Tickets answered or solved before V22: their clocks in wall-clock time (their team's business
-- hours were not recorded with them).
UPDATE ticket SET first_response_seconds = DATEDIFF(SECOND, created_at, first_responded_at)
 WHERE first_responded_at IS NOT NULL;
UPDATE ticket SET resolution_seconds = DATEDIFF(SECOND, created_at, solved_at)
 WHERE solved_at IS NOT NULL;

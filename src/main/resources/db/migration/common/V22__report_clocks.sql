-- Reports (analytics): the clocks a report reads are stopped and measured when they stop, in the
-- business hours of the team that has the conversation or ticket (see dev.parley.analytics).

ALTER TABLE conversation ADD COLUMN started_with_bot BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE conversation ADD COLUMN handed_off_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation ADD COLUMN first_response_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conversation ADD COLUMN first_response_seconds BIGINT;
ALTER TABLE conversation ADD COLUMN resolution_seconds BIGINT;

-- What older rows tell: a conversation the bot handed off or resolved (or still has) started with
-- it; one that never had the bot waited for a person from the start.
UPDATE conversation SET started_with_bot = TRUE
 WHERE handoff_reason IS NOT NULL OR bot_resolved OR state = 'BOT';
UPDATE conversation SET handed_off_at = created_at WHERE NOT started_with_bot;

ALTER TABLE ticket ADD COLUMN first_response_seconds BIGINT;
ALTER TABLE ticket ADD COLUMN resolution_seconds BIGINT;
-- when an SLA target was missed (the moment it was due); older breaches: their due or met time
ALTER TABLE ticket_sla ADD COLUMN breached_at TIMESTAMP WITH TIME ZONE;
UPDATE ticket_sla SET breached_at = COALESCE(due_at, achieved_at, next_check_at) WHERE breached;

CREATE INDEX conversation_created_ix ON conversation (created_at);
CREATE INDEX conversation_closed_ix ON conversation (closed_at);
CREATE INDEX conversation_first_response_ix ON conversation (first_response_at);
CREATE INDEX conversation_handed_off_ix ON conversation (handed_off_at);
CREATE INDEX ticket_solved_ix ON ticket (solved_at);
CREATE INDEX ticket_first_responded_ix ON ticket (first_responded_at);
CREATE INDEX ai_decision_created_ix ON ai_decision (created_at);
CREATE INDEX ticket_sla_achieved_ix ON ticket_sla (achieved_at);
CREATE INDEX ticket_sla_breached_ix ON ticket_sla (breached_at);

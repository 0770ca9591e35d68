-- Reports on PostgreSQL (dev.parley.analytics, BENCHMARKS.md "Reports"): each report reads a time
-- range of one timestamp column with the filter and figure columns beside it, so these indexes
-- carry those columns and the scans need not visit the table (index-only, once vacuumed).
DROP INDEX conversation_created_ix;
CREATE INDEX conversation_created_ix ON conversation (created_at)
  INCLUDE (inbox_id, team_id, assignee_id, topic_id, started_with_bot, bot_resolved, handed_off_at);
DROP INDEX conversation_closed_ix;
CREATE INDEX conversation_closed_ix ON conversation (closed_at)
  INCLUDE (resolution_seconds, csat_score, inbox_id, team_id, assignee_id, topic_id);
DROP INDEX conversation_first_response_ix;
CREATE INDEX conversation_first_response_ix ON conversation (first_response_at)
  INCLUDE (first_response_seconds, inbox_id, team_id, assignee_id, topic_id);
DROP INDEX conversation_handed_off_ix;
CREATE INDEX conversation_handed_off_ix ON conversation (handed_off_at)
  INCLUDE (inbox_id, team_id, assignee_id, topic_id);
CREATE INDEX ticket_created_report_ix ON ticket (created_at)
  INCLUDE (team_id, assignee_id, via, conversation_id);
DROP INDEX ticket_solved_ix;
CREATE INDEX ticket_solved_ix ON ticket (solved_at)
  INCLUDE (resolution_seconds, team_id, assignee_id, via, conversation_id);
DROP INDEX ticket_first_responded_ix;
CREATE INDEX ticket_first_responded_ix ON ticket (first_responded_at)
  INCLUDE (first_response_seconds, team_id, assignee_id, via, conversation_id);
DROP INDEX ticket_sla_achieved_ix;
CREATE INDEX ticket_sla_achieved_ix ON ticket_sla (achieved_at) INCLUDE (metric, breached, ticket_id);
DROP INDEX ticket_sla_breached_ix;
CREATE INDEX ticket_sla_breached_ix ON ticket_sla (breached_at) INCLUDE (metric, ticket_id);
DROP INDEX ai_decision_created_ix;
CREATE INDEX ai_decision_created_ix ON ai_decision (created_at)
  INCLUDE (kind, outcome, edit_distance, conversation_id, decided_by, prompt_name, prompt_version, model);
-- the overview's "now": tickets whose SLA is at risk, conversations waiting for a person
CREATE INDEX ticket_sla_at_risk_ix ON ticket_sla (ticket_id)
  WHERE warned AND NOT breached AND achieved_at IS NULL;
CREATE INDEX conversation_waiting_ix ON conversation (inbox_id, team_id)
  WHERE state = 'HANDOFF_PENDING';

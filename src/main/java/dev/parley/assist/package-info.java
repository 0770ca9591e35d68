/**
 * Agent assist: reply suggestions and summaries grounded in the knowledge base, through any
 * OpenAI-compatible language model or, without one, the knowledge base's own words.
 *
 * <p>Requirements:
 *
 * <ul>
 *   <li>AS-1 for each visitor message in a conversation an agent handles, and on demand, 1–3
 *       suggestions with citations are pushed to the agent's chat connection.
 *   <li>AS-2 the agent's outcome is recorded: sent as is, sent edited (with the edit distance) or
 *       dismissed, with an optional thumbs rating.
 *   <li>AS-3 guardrails: visitor and knowledge text are delimited, escaped data; the model has no
 *       tools; output is reduced to plain text; suggestions citing anything not retrieved, or
 *       repeating the instructions, are dropped.
 *   <li>AS-4 prompts are versioned files in {@code prompts/}; every AI output is an {@code
 *       AiDecision} recording prompt version, model, retrieved sources, latency and tokens.
 *   <li>AS-5 a slow or failing model never slows chat: timeout, retry, bulkhead and circuit breaker
 *       (MicroProfile Fault Tolerance), a daily token budget, and the knowledge base as fallback.
 *   <li>AS-6 every handover is summarized: a transfer leaves a note for the next agent, an
 *       escalation an internal comment on the ticket; without a model, knowledge-base passages are
 *       offered as suggestions only above a similarity floor.
 *   <li>AS-7 with a streaming model, reply suggestions reach the agent as they are written ({@code
 *       suggestion.delta}, a read-only preview); only the whole answer, checked by the guardrails,
 *       becomes suggestions the agent can insert.
 *   <li>AS-8 admins see what the assistant does: the prompts in use with their versions and the
 *       models ({@code GET /prompts}, read-only), the tokens spent today against the budget, and
 *       each conversation's decision trail, in the console (Settings › AI and bot).
 * </ul>
 */
package dev.parley.assist;

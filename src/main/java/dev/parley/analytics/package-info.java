/**
 * Reports: how much work came in and went out, how fast people answered and solved it, whether
 * visitors were satisfied, whether the SLA was kept, and whether the bot and the reply suggestions
 * help — over a date range, per hour, day, week or month in the installation's time zone, filtered
 * by inbox, team, agent, topic or channel, as JSON and CSV ({@code GET /api/v1/reports/...}).
 *
 * <p>Every figure is defined here, once; the SQL in {@code control} computes exactly this and
 * {@code ReportsInContainerIT} checks each one against a history it builds with chosen timestamps.
 *
 * <h2>Ranges, buckets and filters</h2>
 *
 * <ul>
 *   <li>A range is {@code from} to {@code to}, both dates inclusive, in a time zone ({@code
 *       timeZone}, else the installation's {@code PARLEY_TIME_ZONE}, else UTC). Buckets start at
 *       local midnight (hour: the local hour; week: Monday; month: the 1st) and every bucket of the
 *       range is reported, empty ones with zero counts and no durations.
 *   <li>An event belongs to the bucket in which it happened: a conversation is counted as created
 *       when it was created and as resolved when it was closed; a duration is counted when its
 *       clock stopped. The bot report is the exception: it follows the conversations the bot
 *       started in the range to their outcome (a cohort), so its rates add up.
 *   <li>Filters: {@code inbox} (a conversation's inbox; a ticket's conversation's inbox), {@code
 *       team} and {@code agent} (the current team and assignee), {@code topic} (the topic triage
 *       gave the conversation; for tickets, their conversation's), {@code channel} ({@code chat}
 *       for conversations; a ticket's {@code via}: {@code chat}, {@code email}, {@code api}, …).
 * </ul>
 *
 * <h2>Clocks</h2>
 *
 * <p>Durations are in seconds of <em>open time</em>: the business hours of the team that has the
 * conversation or ticket when the clock stops (for conversations without such a team, the inbox's
 * hours); around the clock when neither has hours. They are measured when the clock stops and kept
 * with the conversation or ticket, so a later change of hours does not rewrite history. Medians and
 * p90 are continuous percentiles (interpolated) of the durations that stopped in the bucket.
 *
 * <ul>
 *   <li><b>Conversation first response time</b>: from the handoff (the bot handing the conversation
 *       to people, an agent taking it over from the bot, or its creation when the inbox has no bot)
 *       to the first message an agent wrote to the visitor; notes and bot messages do not count.
 *   <li><b>Conversation resolution time</b>: from the handoff to the close, for conversations that
 *       people had. A conversation the bot resolved has no resolution time here (see the bot). A
 *       reopened conversation is measured again at its next close, from the same handoff.
 *   <li><b>Ticket first response time</b>: from creation to the first public reply by staff.
 *   <li><b>Ticket resolution time</b>: from creation to solved (the latest time it was solved, if
 *       it was reopened). A ticket closed without being solved (merged) is not resolved.
 * </ul>
 *
 * <h2>Figures</h2>
 *
 * <ul>
 *   <li>AN-1 <b>Conversations</b>: created; resolved (closed); handed off (the people's clock
 *       started); first responses and resolutions with their median and p90.
 *   <li>AN-2 <b>Tickets</b>: created; solved; first response and resolution median and p90. <b>SLA
 *       achievement</b> per metric (first response, next response, resolution): a target is met
 *       when it was achieved in the range without breaching, missed when it was breached in the
 *       range (at the moment it was due, also if it was achieved late or paused since); achievement
 *       is met / (met + missed). Targets still running in time count nowhere. A ticket keeps its
 *       latest next-response target only.
 *   <li>AN-3 <b>Satisfaction (CSAT)</b>, by the close of the rated conversation: closed
 *       conversations, ratings, average score (1 to 5), response rate (ratings / closed), the share
 *       of 4 and 5 ("satisfied"), the distribution of scores and the latest comments.
 *   <li>AN-4 <b>The bot</b>, over the conversations that started with the bot in the range:
 *       answered by the bot (all of them), resolved by the bot without a person (the visitor said
 *       it helped — <em>deflection</em>), handed off, and still with the bot or closed without
 *       either. Deflection rate = resolved by the bot / started with the bot. Handoffs by reason:
 *       {@code asked_for_human}, {@code not_helped}, {@code out_of_scope}, {@code
 *       human_only_topic}, {@code no_answer} (no passage similar enough), {@code bot_error}.
 *   <li>AN-5 <b>Reply suggestions</b>, by when they were shown: shown, sent as they were, sent
 *       edited, dismissed, and not acted on; acceptance = (sent + sent edited) / shown; per prompt
 *       name and version and model, with the median edit distance (characters) of the edited ones.
 *       The agent filter is the agent who acted on the suggestion.
 *   <li>AN-6 <b>Agents</b>, per agent: conversations they closed (assigned to them at the close),
 *       first responses they gave and the median first response time, tickets they solved, what
 *       they hold now (open conversations and unsolved tickets), and their <b>online time</b>: the
 *       seconds of the range they spent with the status online (a period starts when their status
 *       changes to online and ends when it changes again; one still open counts until now; away and
 *       offline do not count).
 *   <li>AN-7 <b>Overview</b>: today's conversations and tickets (local day), conversations waiting
 *       for a person now, agents online now, tickets whose SLA target is at risk now (warned, not
 *       yet met or breached), and for the last 7 days against the 7 before: conversations,
 *       deflection rate, suggestion acceptance and average CSAT.
 *   <li>AN-8 every report is CSV too ({@code format=csv} or {@code Accept: text/csv}): the series
 *       with a total line, or one of its tables ({@code table=}); admins and tokens with {@code
 *       reports:read} or {@code admin} may read reports; a bad range, grouping, time zone or filter
 *       is a 400 naming the parameter.
 *   <li>AN-9 over 90 days of 1,000,000 tickets and 1,000,000 conversations on PostgreSQL, each
 *       report answers within 500 ms at p95 (BENCHMARKS.md).
 * </ul>
 */
package dev.parley.analytics;

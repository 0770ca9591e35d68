/**
 * Tickets: tracked requests with a human number, a guarded lifecycle, comments, SLA clocks in
 * business time and an audit trail, over a REST API that integrators can trust (idempotent creates,
 * optimistic concurrency, RFC 9457 errors naming field paths, object-level access).
 *
 * <p>Requirements (tests name them):
 *
 * <ul>
 *   <li>TK-1 a ticket has a number ({@code #1042}, one sequence per installation; it is also its
 *       id), subject, description, a requester contact (deduplicated by email or external id), an
 *       optional organization (the requester's), priority, type, assignee and team, tags, followers
 *       and admin-defined custom fields (text, number, date, dropdown, checkbox), validated and
 *       optionally required to solve.
 *   <li>TK-2 status lifecycle {@code new → open → pending → on_hold → solved → closed}, reopen from
 *       solved; closed is final and a follow-up ticket links to it. The rules live on {@link
 *       dev.parley.ticket.entity.Ticket}; an invalid transition is 409 naming the allowed ones.
 *   <li>TK-3 public replies and internal notes with author and attachments; a staff public reply
 *       meets the response targets, a requester's reply reopens a pending or solved ticket.
 *   <li>TK-4 escalation from chat: a conversation becomes a ticket with its transcript; both link.
 *   <li>TK-5 merge: the source closes pointing at the target and its comments move there.
 *   <li>TK-6 every change is audited (who: user, API token, contact or automation; when; field; old
 *       → new) and written as a domain event to the outbox in the same transaction.
 *   <li>TK-7 SLA policies per priority (first response, next response, resolution) count business
 *       hours of the team's calendar (time zone, holidays), pause while pending or on hold, and
 *       raise warning and breach events on time from a scheduled job that one node at a time runs
 *       (a lease in the database).
 *   <li>TK-8 the API: create with {@code Idempotency-Key}; get with {@code ETag}; list with
 *       filters, full-text query, sort and cursor pagination; JSON Merge Patch with {@code
 *       If-Match} (412 when stale); bulk update; comments; tags; merge; audit; custom field
 *       definitions; contacts. Agents see their teams' tickets (and those assigned to or followed
 *       by them), admins all, API tokens per scope; anything else is 404 (or 401/403 for the
 *       credential).
 * </ul>
 *
 * <p>Why the row lock: changes lock the ticket row ({@code SELECT … FOR UPDATE}) so that two
 * writers (an agent's PATCH, the SLA watcher, a comment) apply in turn and every change is audited
 * once; {@code If-Match} adds the client's own precondition on top.
 */
package dev.parley.ticket;

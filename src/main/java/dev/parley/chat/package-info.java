/**
 * Live chat: inboxes (website widgets), conversations between visitors and agents, and the chat
 * protocol over Jakarta WebSocket ({@code docs/chat-protocol.md}), durable, resumable and
 * multi-node.
 *
 * <p>Requirements (tests name them):
 *
 * <ul>
 *   <li>CH-1 admins manage inboxes: widget key, allowed origins, serving teams, business hours,
 *       greeting and offline texts, pre-chat fields, attachment limits, assignment policy; the
 *       embedded default has a demo inbox for its own origin ({@code PARLEY_PUBLIC_URL}).
 *   <li>CH-2 a visitor gets a widget session (a signed visitor token) for an allowed origin, starts
 *       a conversation with pre-chat fields, sends and receives messages and files, sees typing and
 *       read receipts, leaves an email while nobody is available, and rates the ended conversation.
 *   <li>CH-3 one versioned envelope over one socket per client, as JSON ({@code parley.v1}) or
 *       Protocol Buffers ({@code parley.v1.proto}); every client message carries a client id and is
 *       stored once; acknowledgements follow the commit; messages are numbered per conversation; a
 *       reconnecting client receives exactly what it missed, or an explicit gap; heartbeats, idle
 *       timeouts; a stopping node tries to tell its clients to reconnect, and a client treats any
 *       dropped connection the same way (reconnect and resume).
 *   <li>CH-4 agents have presence (online, away when their last connection drops, offline) across
 *       the cluster and a live inbox (unassigned, mine, my teams, all for admins).
 *   <li>CH-5 assignment: round robin or least load within each agent's capacity, manual claims,
 *       transfers to an agent or a team with a note, private notes, canned responses with
 *       variables, collision awareness, close and reopen, the visitor's earlier conversations.
 *   <li>CH-6 the {@code Origin} is checked at the widget session and the handshake; a visitor token
 *       reaches only its own conversations; an agent only their teams' inboxes (admins all); staff
 *       handshakes from a browser come from Parley's own origin; frame size is limited (close 1009)
 *       and message rates per connection and per address too (each message over the budget is
 *       refused by its id with when to retry; only a client ignoring the refusals is closed, 1008);
 *       widget sessions are limited per address and inbox; text is stored as written, except NUL
 *       and unpaired surrogates, which are refused; files are typed by content and served so they
 *       cannot run.
 *   <li>CH-7 on many nodes (shared PostgreSQL and Artemis, Infinispan clustered) a visitor on one
 *       node and an agent on another converse; a node killed without warning loses no message and
 *       stores none twice once its clients resume elsewhere.
 *   <li>CH-8 every domain event (conversation created, assigned, transferred, closed, reopened,
 *       message created, CSAT given) is written to the outbox in the transaction of the change.
 *   <li>CH-9 chat never waits on the broker: a node whose broker is away keeps storing,
 *       acknowledging and delivering to its own clients; once the broker is back every node catches
 *       up from the database, so no stored message is missing from a live view. Every node delivers
 *       a conversation's events in sequence order, fetching any message it missed before a later
 *       one (also the first messages of a conversation it sees for the first time). A message that
 *       could not be stored is answered {@code retry} (same id, after {@code retryAfterMs});
 *       repeated failures are logged once per interval with a count; every queue on the chat path
 *       is bounded, with a defined answer when full; health answers from memory.
 *   <li>CH-10 the widget: one {@code <script>} tag per inbox draws a launcher on the host page and
 *       frames the panel from Parley's origin (the frame's {@code frame-ancestors} are the inbox's
 *       allowed origins); a JavaScript API (open, close, toggle, locale, identify, reset, events);
 *       the bot's answers with their sources, handoff, pre-chat, typing, read, files, the offline
 *       form, ending the conversation, the rating, earlier conversations, an unread badge; English
 *       and Chinese; phones; every action by keyboard.
 *   <li>CH-11 identity verification: the website signs its user's external id with the inbox's
 *       secret (HMAC-SHA256); a correct signature makes the visitor that contact on every device,
 *       with their history (and what they wrote before signing in); a wrong one leaves them
 *       anonymous, shown to agents as not verified; an unsigned email never links a contact.
 *   <li>CH-12 the agent console: the list (views, filters, search, sorts, each row's last message,
 *       unread counts, live) paged by cursor, so it stays as quick with 10,000 open conversations;
 *       a conversation opens on its latest messages and reads back a page at a time (5,000 messages
 *       stay smooth); notifications (title, desktop, sound) for what is assigned to the agent or
 *       new in it; suggestions, transfer, escalation, tickets, shortcuts.
 *   <li>CH-13 Settings › Inboxes (admins): every setting of the API (websites, teams, assignment,
 *       the bot, greeting and away text, business hours with weekly windows, holidays and time
 *       zone, pre-chat fields, files from visitors) beside a live preview of the widget as
 *       configured before saving; the embed snippet, the widget key and the identity secret.
 * </ul>
 *
 * <p><b>One winner for concurrent claims: a database row lock, not an Infinispan lock.</b> Every
 * change to a conversation runs in a transaction that first locks its row ({@code SELECT … FOR
 * UPDATE}), then checks and writes the assignment. The lock and the write are the same transaction,
 * so there is no window between "I hold the lock" and "my write is durable" in which a node could
 * die or a lease could expire, and it needs no clustering at all (it works the same on one node
 * with H2 and on many with PostgreSQL). The same lock serializes the conversation's sequence
 * numbers. A clustered Infinispan lock would have to be held across the database commit and
 * released after it, and would add a second system whose failure could wedge a conversation. The
 * cost, a row lock held for one short transaction per message, is what the benchmark measures.
 *
 * <p><b>Fan-out.</b> Facts are committed first; then a {@link dev.parley.chat.control.ChatEvent}
 * goes to this node's connections (through the conversation's delivery lane) and to other nodes on
 * an Artemis topic, handed to a publisher thread so that no chat worker ever waits for the broker.
 * Events carry the rendered envelope, not just ids, so that delivering a message to thousands of
 * sockets costs no query; the database remains the truth that resume and catch-up read.
 *
 * <p><b>Why not fan out from the outbox.</b> Every message is also in the transactional outbox, and
 * the integrations relay (webhooks, the event stream) will read it in commit order. Live chat does
 * not: a relay polls or tails the outbox, which puts its interval (or a lease holder on one node)
 * between an agent's keystroke and the visitor's screen, and it would make every node's live view
 * depend on one relaying node. Publishing after commit is immediate; what it cannot guarantee (a
 * lost publish while the broker is away, two commits published out of order) the receiving side
 * repairs from the database, whose per-conversation sequence numbers say exactly what is missing:
 * holes are filled before later messages, and a reconnect to the broker triggers a catch-up.
 * Presence lives in a replicated Infinispan cache with per-node leases, so a killed node's agents
 * turn away by themselves.
 */
package dev.parley.chat;

/**
 * Integration: domain events leave Parley through the outbox.
 *
 * <p>Requirements:
 *
 * <ul>
 *   <li>INT-1 every domain event is written to the {@code outbox_event} table in the same
 *       transaction as the change it describes (never lost, never sent for a rolled-back change).
 *   <li>INT-2 the event stream: relayed events in one global order, gap-free for readers, served
 *       from a cursor by {@code GET /api/v1/events} (scope {@code events:read}) with type filters
 *       and long polling; a cursor older than the events kept is a 410; a private note's text only
 *       for readers who may read notes ({@code docs/events.md}).
 *   <li>INT-3 the relay: one node at a time (the {@code event-relay} lease) gives committed events
 *       their positions and publishes them, persistent, on the Artemis topic {@code parley.events}
 *       with the event id as the duplicate-detection id — at least once, resuming after a crash
 *       without loss; relayed events are pruned after {@code parley.events.retention-days}.
 *   <li>INT-4 signed webhooks (Standard Webhooks): endpoints per event type (and inbox or team), a
 *       {@code whsec_} secret shown once and rotatable with an overlap; every delivery carries
 *       {@code webhook-id} (the event id), {@code webhook-timestamp} and {@code webhook-signature},
 *       verifiable by the reference libraries.
 *   <li>INT-5 webhooks reach only public addresses, checked at delivery time in the client's own
 *       resolver, in every written form; redirects are not followed; {@code
 *       PARLEY_WEBHOOKS_ALLOW_PRIVATE} lets on-premises ranges through.
 *   <li>INT-6 delivery per endpoint in event order, retried on the Standard Webhooks schedule with
 *       jitter and {@code Retry-After}; dead letters after the last attempt; 410 or sustained
 *       failure disables the endpoint (flag, reason, {@code webhook.disabled}); state in the
 *       database, work through JMS; a delivery log for 7 days, redelivery, replay, test events; a
 *       node killed while delivering loses nothing (its claim lapses, another node goes on).
 *   <li>INT-7 a burst to one slow endpoint delays no other endpoint (round-robin fan-out reading
 *       only the types an endpoint takes; one worker per endpoint for a turn) and waits in the
 *       database; fan-out and delivery never bump an endpoint's version (an admin's edit does not
 *       conflict with them).
 *   <li>INT-8 events in a documented shape with a JSON Schema per type ({@code
 *       docs/events.schema.json}), each under 20 KB.
 *   <li>INT-9 change capture: PostgreSQL publishes the outbox's inserts ({@code parley_outbox});
 *       Debezium, configured as {@code docs/events.md} shows, receives the events the API serves.
 *   <li>INT-10 administrators manage webhooks in the console (Settings › Webhooks).
 *   <li>INT-11 the readers of the stream, where Parley knows them ({@code GET /events/consumers},
 *       Settings › Event stream): each API token or person reading {@code GET /events} with the
 *       types it asks for, the cursor it was last given, when and how often, and each webhook
 *       endpoint's position, each with how many events it is behind the latest.
 * </ul>
 *
 * Speed (BENCHMARKS.md): at least 5,000 events relayed and 1,000 deliveries to one endpoint a
 * second on two cores, p99 commit-to-delivery at most 250 ms at 500 events a second.
 */
package dev.parley.integration;

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
 * </ul>
 *
 * Signed webhooks (Standard Webhooks) and Debezium's change capture are built on this next.
 */
package dev.parley.integration;

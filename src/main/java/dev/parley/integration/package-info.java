/**
 * Integration: domain events leave Parley through the outbox.
 *
 * <p>Requirements: INT-1 every domain event is written to the {@code outbox_event} table in the
 * same transaction as the change it describes (never lost, never sent for a rolled-back change).
 * Publishing the outbox (event stream, signed webhooks) is built on this table by a later issue.
 */
package dev.parley.integration;

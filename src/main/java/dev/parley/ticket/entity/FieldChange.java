package dev.parley.ticket.entity;

/** One field of a ticket changed: recorded in the audit trail and in {@code ticket.updated}. */
public record FieldChange(String field, String from, String to) {}

package dev.parley.analytics.control;

import java.time.LocalDateTime;
import java.util.Map;

/** Aggregates of the rows in a range: per bucket (local start) and over the whole range. */
record Grouped(Map<LocalDateTime, Object[]> buckets, Object[] total) {}

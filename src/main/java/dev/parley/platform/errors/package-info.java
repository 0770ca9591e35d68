/**
 * The refusals of the domain ({@link dev.parley.platform.errors.NotFound}, {@link
 * dev.parley.platform.errors.Conflict}, {@link dev.parley.platform.errors.Invalid}), thrown by
 * controls and entities, mapped to RFC 9457 problems at the boundary.
 */
package dev.parley.platform.errors;

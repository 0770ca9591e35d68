/**
 * Small shared plumbing every feature uses, and nothing feature-specific.
 *
 * <ul>
 *   <li>{@code config}: the deployment settings (environment variables), validated once at
 *       start-up; a wrong or contradictory setting stops Parley with one line naming the variable.
 *   <li>{@code persistence}: versioned schema migrations (Flyway) for H2 and PostgreSQL alike.
 *   <li>{@code messaging}: the JMS broker: an embedded ActiveMQ Artemis with a persistent journal
 *       by default, or a standalone Artemis given by {@code PARLEY_ARTEMIS_URL}; durable queues and
 *       cross-node topics.
 *   <li>{@code cache}: Infinispan, local by default, clustered over JGroups when {@code
 *       PARLEY_CLUSTER_ENABLED=true}.
 *   <li>{@code errors}: the domain's refusals (not found, conflict, invalid), thrown by controls
 *       and entities without knowing HTTP.
 *   <li>{@code rest}: the JAX-RS application, RFC 9457 problem responses (mapping the domain's
 *       refusals among others), request ids, the one reader of JSON bodies ({@code JsonBodies}:
 *       size cap, shape, constraints) and the error pages outside the API.
 *   <li>{@code json}: shared JSON factories, shape checks against records, the text rules (what
 *       cannot be stored, how much of an input an error may quote).
 *   <li>{@code health}, {@code metrics}, {@code concurrency}: readiness/liveness, Parley's own
 *       metrics (live threads, executor queue depths) and the bounded executors they watch.
 * </ul>
 *
 * <p>Requirements: PLAT-1 the same artifact runs embedded or on PostgreSQL/Artemis/clustered
 * Infinispan, by configuration only; PLAT-2 wrong configuration fails start-up naming the setting;
 * PLAT-3 every API error is {@code application/problem+json}; PLAT-4 health reports database,
 * broker and cache; PLAT-5 no input reaches a 500 or the database unchecked: bodies are capped
 * before they are read (413), of the wrong shape or breaking a constraint they are a 400/422 naming
 * the field, text no store can keep is refused, and anonymous endpoints are rate limited.
 */
package dev.parley.platform;

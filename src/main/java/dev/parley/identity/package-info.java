/**
 * Identity and access: staff users (agents and admins), teams, login sessions, API tokens and the
 * keys that sign visitor tokens.
 *
 * <p>Requirements (tests name them):
 *
 * <ul>
 *   <li>ID-1 passwords are stored as salted PBKDF2-HMAC-SHA256 hashes, never in clear; the first
 *       start creates one admin with a random one-time password printed to the log.
 *   <li>ID-2 login with email and password yields a short-lived session token that authenticates
 *       REST calls and WebSocket handshakes ({@code Authorization: Bearer}, or the subprotocol
 *       {@code bearer.<token>} from browsers; never the URL); logout and deactivation revoke it on
 *       every node. Staff WebSocket handshakes from a browser must come from Parley's own origin.
 *   <li>ID-3 API tokens are created by admins, shown once, stored hashed, scoped ({@link
 *       dev.parley.identity.entity.Scope}), revocable, with their last use recorded.
 *   <li>ID-4 every endpoint declares its access rule ({@link dev.parley.identity.boundary.Allowed}
 *       or {@link dev.parley.identity.boundary.Public}); an endpoint without one answers 403 (fail
 *       closed) and a test fails the build.
 *   <li>ID-5 repeated failed logins per account from one address, and per address, answer 429 (a
 *       stranger cannot lock an account for its owner); password-reset requests are limited per
 *       address and per email; login and password-reset responses never reveal whether an email is
 *       registered.
 *   <li>ID-6 visitor tokens are HMAC-signed with a key generated and stored on first start,
 *       overridable by {@code PARLEY_VISITOR_TOKEN_KEY}, and rotatable; old keys still verify until
 *       retired.
 *   <li>ID-7 a one-time password (the first admin's, or one an admin reset) signs in once; until it
 *       is replaced, that session may only read who it is, change the password or sign out (403
 *       {@code password-change-required} for anything else, and no staff WebSocket).
 *   <li>ID-8 API tokens never do what only a person at the keyboard should: create or revoke API
 *       tokens, create or change users (roles, passwords, sessions), rotate or retire signing keys,
 *       or import folders of the server's file system. The {@code admin} scope covers the rest of
 *       the administration (teams, inboxes, topics, canned responses, ticket settings).
 *   <li>ID-9 Parley's own console holds the session in a cookie ({@code "cookie": true} at login):
 *       HttpOnly (no script on the page can read it), SameSite=Strict, Secure wherever the browser
 *       keeps it; a REST call or staff WebSocket it signs that changes anything must carry Parley's
 *       own {@code Origin} (403 otherwise), and public endpoints treat it from elsewhere as absent.
 * </ul>
 *
 * <p>Sessions are opaque random tokens rather than JWTs: the database row is the truth, so logout
 * and revocation are immediate; each node caches a validated token for at most a minute and drops
 * it at once when any node publishes its revocation on the {@code parley.identity.revocations}
 * topic.
 */
package dev.parley.identity;

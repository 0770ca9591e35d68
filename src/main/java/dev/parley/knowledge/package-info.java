/**
 * Knowledge base: articles (title, Markdown body, collection, language, tags, status) that the bot
 * and the agents' reply suggestions draw on.
 *
 * <p>Requirements: KB-1 the first start of an installation loads the demo help center from {@code
 * knowledge-base/} (Markdown files with front matter); KB-2 agents and tokens with {@code kb:read}
 * list and read articles; KB-3 the in-process embedding model (all-MiniLM-L6-v2) loads at start-up
 * from Liberty's shared library, survives application redeploys, and readiness reports it.
 * Chunking, embedding, retrieval and editing are built here next (issue "Knowledge base and AI").
 */
package dev.parley.knowledge;

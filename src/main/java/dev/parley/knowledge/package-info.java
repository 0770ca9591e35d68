/**
 * Knowledge base: articles (title, Markdown body, collection, language, tags, status, revisions,
 * author) that the bot and the agents' reply suggestions draw on, and the retrieval over them.
 *
 * <p>Requirements:
 *
 * <ul>
 *   <li>KB-1 the first start of an installation loads the demo help center from {@code
 *       knowledge-base/}; {@code POST /articles/imports} and {@code scripts/import-kb} import a
 *       folder.
 *   <li>KB-2 agents and {@code kb:read} tokens read articles and search; admins and {@code
 *       kb:write} tokens write them. Every save is a revision; If-Match guards concurrent edits.
 *   <li>KB-3 the in-process embedding model ({@code parley.knowledge.embedding-model}:
 *       all-MiniLM-L6-v2 by default, bge-small-en-v1.5 quantized) loads from Liberty's shared
 *       library; readiness reports it; changing it re-embeds every article.
 *   <li>KB-4 files become articles: Markdown, HTML (sanitized, converted to Markdown), plain text,
 *       PDF (PDFBox) and DOCX (POI).
 *   <li>KB-5 ingestion is asynchronous over a durable JMS queue: heading-aware chunks with overlap,
 *       batched embedding, progress events (SSE), retries then a failed state, only changed chunks
 *       re-embedded on edit, chunks deleted with their article.
 *   <li>KB-6 retrieval is hybrid: pgvector (HNSW) and PostgreSQL full text (BM25 over GIN
 *       candidates), fused (convex combination by default, or weighted reciprocal rank fusion; in
 *       memory with BM25 on the embedded default), filtered by collection, language and status;
 *       passages carry article, title, anchor and scores.
 *   <li>KB-7 questions the bot could not answer are grouped into knowledge gaps that admins turn
 *       into draft articles.
 *   <li>KB-8 only folders inside the import roots can be imported (PARLEY_IMPORT_ROOTS, default the
 *       data directory's {@code imports/}, plus the bundled demo help center): paths are resolved
 *       to their real path (links followed) and checked, per folder and per file; imports are for
 *       signed-in admins only; uploaded and imported articles are drafts unless the request says
 *       otherwise.
 *   <li>KB-9 article text leaves Parley safely: the API returns Markdown source as text, the {@code
 *       html} of an article is rendered with raw HTML escaped and then sanitized (links only http,
 *       https, mailto), and passages, bot answers and suggestions are plain text.
 *   <li>KB-10 identifiers (error codes, SKUs, order and invoice numbers, versions) are indexed and
 *       queried in one canonical form, so every way of writing one matches; the few articles a
 *       query's identifier singles out rank first in hybrid and full-text search.
 *   <li>KB-11 importers create or update up to 500 articles in one request, all or nothing with
 *       every refusal at its pointer, and follow the batch's ingestion progress.
 *   <li>KB-12 Chinese: articles in Chinese ({@code language: zh}) and questions written in Chinese
 *       are embedded by bge-small-zh-v1.5 in a vector space of their own; full text indexes Chinese
 *       as character bigrams; the demo help center exists in Chinese ({@code knowledge-base/zh}).
 *   <li>KB-13 an article's ETag is its content revision: indexing in the background never makes a
 *       client's {@code If-Match} stale; a stale one is 412 and changes nothing.
 *   <li>KB-14 the console's knowledge base (admins): articles filtered as you type, an editor with
 *       a live preview, a conflicting save shown for review (never a silent overwrite), revisions
 *       compared and restored, the search playground with each method's score and rank, and
 *       knowledge gaps turned into drafts.
 *   <li>KB-15 uploads in the console: files or folders, dropped or chosen, each with a progress bar
 *       through upload and ingestion (server-sent events, checked against the batch progress); a
 *       refused or failed file shows the reason with a retry and a way to choose a fixed file; a
 *       folder of 200 files never holds the page's main thread for half a second.
 * </ul>
 */
package dev.parley.knowledge;

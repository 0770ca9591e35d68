/**
 * Bot-first triage: topics admins define, the in-process classifier trained from their examples,
 * and the bot that answers visitors first and hands off to humans deterministically.
 *
 * <p>Requirements:
 *
 * <ul>
 *   <li>TR-1 topics (per inbox or for all) have a name, description, target team, example
 *       utterances and may be human-only; a logistic-regression head over the embeddings and the
 *       messages' words (TF-IDF, {@code parley.triage.word-weight}) classifies, with an
 *       out-of-scope threshold and a nearest-example floor.
 *   <li>TR-2 in scope with a confident knowledge-base answer, the bot answers with citations and
 *       asks whether it helped; a yes closes the conversation as resolved by the bot.
 *   <li>TR-3 otherwise — not helped, out of scope, low confidence, a human-only topic, a request
 *       for a human (the widget's button or the words) — the conversation is handed off: {@code bot
 *       → handoff_pending → human → closed}, to the topic's team, with a summary for the agent.
 *   <li>TR-4 after handoff the bot never writes (checked under the conversation's lock) unless an
 *       agent hands the conversation back.
 *   <li>TR-5 with nobody available or outside business hours the visitor is told so and offered the
 *       offline form (the chat's routing).
 *   <li>TR-6 training never blocks: a topic change requests a new model of the sets it affects (the
 *       global topics; an inbox with topics of its own); one node at a time trains a set in the
 *       background and stores the model for every node; classify uses the previous model until
 *       then. The out-of-scope rule is fitted per set on a held-out slice of its examples to keep
 *       {@code parley.triage.in-scope-target} of them in scope, within bounds, shrunk to the prior
 *       when the slice is small; an admin's explicit rule replaces it.
 *   <li>TR-7 classify shows its work: the top 3 topics with probability and nearest-example
 *       similarity, the reason, the rule and the model, also when out of scope.
 *   <li>TR-8 examples are checked one by one (refusals by pointer, repairs and duplicates
 *       reported); topics are imported in bulk from JSON or CSV, all or nothing.
 *   <li>TR-9 a topic set whose examples are mostly Chinese is embedded by the Chinese model, and
 *       the bot speaks Chinese to a visitor who writes Chinese: it understands "转人工" and a Chinese
 *       yes or no, and hands off and asks "did this help?" in Chinese.
 *   <li>TR-10 each inbox may set the bot's own answer similarity (how alike a passage must be for
 *       the bot to answer with it) and its own handoff words; null goes back to the installation's
 *       default and the built-in words in the visitor's language.
 * </ul>
 */
package dev.parley.triage;

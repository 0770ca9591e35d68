package dev.parley.triage.control;

import dev.parley.assist.control.ReplySuggestions;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.ConversationState;
import dev.parley.knowledge.control.KnowledgeGaps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The bot that answers first, deterministically. For each visitor message in a conversation the bot
 * has ({@code bot} state):
 *
 * <ol>
 *   <li>an answer to "did that help?": yes closes the conversation as resolved by the bot, no hands
 *       off;
 *   <li>a request for a human ("agent", "talk to a person", …) hands off — as does the widget's
 *       button, handled by the chat protocol;
 *   <li>the first messages are classified into a topic: out of scope, low confidence or a
 *       human-only topic hands off (to the topic's team);
 *   <li>otherwise the bot answers from the knowledge base with citations and asks whether it
 *       helped; with no confident answer it hands off, and the question becomes a knowledge gap.
 * </ol>
 *
 * Handoff is {@code bot → handoff_pending}, with a summary for the agent, then routing as for any
 * waiting conversation (the offline notice and form when nobody is available). Every write of the
 * bot is checked under the conversation's row lock, so the bot never writes after a handoff, even
 * an answer it was composing while the visitor pressed the button.
 */
@ApplicationScoped
public class Bot {

  private static final Logger LOG = Logger.getLogger(Bot.class.getName());

  static final Pattern WANTS_HUMAN =
      Pattern.compile(
          "\\b(human|humans|agent|agents|person|someone real|real person|representative|"
              + "operator|talk to (a|an|some)one|speak to (a|an|some)one|live chat)\\b");
  static final Pattern YES =
      Pattern.compile(
          "^(yes|yeah|yep|yup|y|it did|that helped|helped|thanks|thank you|great|perfect|solved|ok thanks)\\b.*");
  static final Pattern NO =
      Pattern.compile("^(no|nope|nah|n|not really|it did not|didn't|did not)\\b.*");

  @Inject Conversations conversations;
  @Inject Triage triage;
  @Inject ReplySuggestions replies;
  @Inject KnowledgeGaps gaps;

  void onVisitorMessage(@ObservesAsync Conversations.VisitorWrote wrote) {
    if (wrote.state() != ConversationState.BOT) {
      return;
    }
    try {
      handle(wrote.conversationId(), wrote.seq(), wrote.text());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "The bot failed on conversation " + wrote.conversationId() + "; handing off",
          e);
      conversations.handOff(
          wrote.conversationId(), "bot_error", null, null, "Let me connect you with a person.");
    }
  }

  void handle(long id, long seq, String text) {
    Conversation c = conversations.find(id);
    if (!c.botMaySpeak()) {
      return;
    }
    String said = text.toLowerCase(Locale.ROOT).strip();
    if (c.botAwaitingFeedback()) {
      if (YES.matcher(said).matches()) {
        conversations.resolvedByBot(id);
        return;
      }
      if (NO.matcher(said).matches()) {
        handOff(id, "not_helped", null, text);
        return;
      }
    }
    if (WANTS_HUMAN.matcher(said).find()) {
      handOff(id, "asked_for_human", null, null);
      return;
    }
    Long team = null;
    if (triage.hasTopics(c.inboxId())) {
      Triage.Classification k = triage.classify(c.inboxId(), text);
      if (k.outOfScope()) {
        handOff(id, "out_of_scope", null, text);
        return;
      }
      if (k.topic() != null) {
        conversations.classified(id, k.topic().id());
        team = k.topic().teamId();
        if (k.topic().humanOnly()) {
          handOff(id, "human_only_topic", team, null);
          return;
        }
      }
    }
    ReplySuggestions.Result answer = replies.answer(id, seq);
    if (answer.suggestions().isEmpty()) {
      handOff(id, "no_answer", team, text);
      return;
    }
    ReplySuggestions.Suggestion best = answer.suggestions().get(0);
    jakarta.json.JsonArrayBuilder sources = jakarta.json.Json.createArrayBuilder();
    java.util.Set<Long> cited = new java.util.HashSet<>();
    for (var s : best.citations()) {
      if (cited.add(s.articleId())) {
        sources.add(
            jakarta.json.Json.createObjectBuilder()
                .add("article", s.articleId())
                .add("title", s.title())
                .add("anchor", s.anchor()));
      }
    }
    String reply =
        dev.parley.assist.control.Grounding.withoutCitationMarks(best.text())
            + "\n\nDid this answer your question? (yes / no — or ask for a person any time)";
    if (conversations.botSays(id, reply, true, sources.build()).isEmpty()) {
      LOG.log(Level.FINE, "Conversation {0} was handed off while the bot composed", id);
    }
  }

  private void handOff(long id, String reason, Long team, String unanswered) {
    String summary =
        replies.summarize(id).suggestions().stream().findFirst().map(s -> s.text()).orElse(null);
    if (unanswered != null && !reason.equals("asked_for_human")) {
      gaps.record(unanswered, id, reason);
    }
    conversations.handOff(id, reason, team, summary, "Let me connect you with a person.");
  }
}

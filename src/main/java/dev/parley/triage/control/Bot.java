package dev.parley.triage.control;

import dev.parley.assist.control.ReplySuggestions;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Inboxes;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.ConversationState;
import dev.parley.chat.entity.Inbox;
import dev.parley.knowledge.control.KnowledgeGaps;
import dev.parley.platform.text.Languages;
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

  /** Asking for a person in Chinese: 人工 (客服), 真人, 转接, 找客服, 联系客服. */
  static final Pattern WANTS_HUMAN_ZH = Pattern.compile("人工|真人|活人|转接|客服人员|找客服|联系客服|接线员");

  /** A yes in Chinese, as the whole answer ("好的，谢谢"), so "是不是要付费?" is a question. */
  static final Pattern YES_ZH =
      Pattern.compile(
          "^(是的?|对的?|好的?|嗯+|有用|有帮助|解决了|谢谢(你|您)?|感谢|多谢|可以了|明白了|懂了)"
              + "([\\p{P}\\s]*(谢谢(你|您)?|感谢|多谢|解决了|有用))?[\\p{P}\\s]*$");

  /** A no in Chinese, as the whole answer. */
  static final Pattern NO_ZH =
      Pattern.compile("^(不|否|没|没有|不是|不行|不对|没用|没帮助|没有帮助|没解决|没有解决|还是不行|还是没解决)[\\p{P}\\s]*$");

  /** What the bot says in a language: English, or Chinese when the visitor writes Chinese. */
  record Texts(String handOff, String didItHelp) {
    static final Texts ENGLISH =
        new Texts(
            "Let me connect you with a person.",
            "Did this answer your question? (yes / no — or ask for a person any time)");
    static final Texts CHINESE = new Texts("正在为您转接人工客服，请稍候。", "这个回答解决您的问题了吗？（是 / 否 —— 也可以随时要求转人工）");

    static Texts of(String visitorWrote) {
      return Languages.isChinese(visitorWrote) ? CHINESE : ENGLISH;
    }
  }

  static boolean wantsHuman(String said) {
    return WANTS_HUMAN.matcher(said).find() || WANTS_HUMAN_ZH.matcher(said).find();
  }

  static boolean saysYes(String said) {
    return YES.matcher(said).matches() || YES_ZH.matcher(said).matches();
  }

  static boolean saysNo(String said) {
    return NO.matcher(said).matches() || NO_ZH.matcher(said).matches();
  }

  @Inject Conversations conversations;
  @Inject Inboxes inboxes;
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
          wrote.conversationId(),
          "bot_error",
          null,
          null,
          handoffWords(wrote.conversationId(), wrote.text()));
    }
  }

  void handle(long id, long seq, String text) {
    Conversation c = conversations.find(id);
    if (!c.botMaySpeak()) {
      return;
    }
    String said = text.toLowerCase(Locale.ROOT).strip();
    if (c.botAwaitingFeedback()) {
      if (saysYes(said)) {
        conversations.resolvedByBot(id);
        return;
      }
      if (saysNo(said)) {
        handOff(id, "not_helped", null, text);
        return;
      }
    }
    if (wantsHuman(said)) {
      handOff(id, "asked_for_human", null, null, text);
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
          handOff(id, "human_only_topic", team, null, text);
          return;
        }
      }
    }
    double similarity =
        inboxes
            .find(c.inboxId())
            .flatMap(Inbox::botAnswerSimilarity)
            .orElse(replies.answerSimilarity());
    ReplySuggestions.Result answer = replies.answer(id, seq, similarity);
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
            + "\n\n"
            + Texts.of(text).didItHelp();
    if (conversations.botSays(id, reply, true, sources.build()).isEmpty()) {
      LOG.log(Level.FINE, "Conversation {0} was handed off while the bot composed", id);
    }
  }

  private void handOff(long id, String reason, Long team, String unanswered) {
    handOff(id, reason, team, unanswered, unanswered);
  }

  /** Hands off, telling the visitor in the language of what they wrote ({@code wrote}). */
  private void handOff(long id, String reason, Long team, String unanswered, String wrote) {
    String summary =
        replies.summarize(id).suggestions().stream().findFirst().map(s -> s.text()).orElse(null);
    if (unanswered != null && !reason.equals("asked_for_human")) {
      gaps.record(unanswered, id, reason);
    }
    conversations.handOff(id, reason, team, summary, handoffWords(id, wrote));
  }

  /** The inbox's own handoff words, else the built-in ones in the language of {@code wrote}. */
  private String handoffWords(long id, String wrote) {
    return inboxes
        .find(conversations.find(id).inboxId())
        .flatMap(Inbox::botHandoffText)
        .orElseGet(() -> Texts.of(wrote).handOff());
  }
}

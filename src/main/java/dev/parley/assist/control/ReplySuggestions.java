package dev.parley.assist.control;

import dev.parley.assist.entity.AiDecision;
import dev.parley.assist.entity.DecisionKind;
import dev.parley.assist.entity.DecisionSource;
import dev.parley.chat.control.ChatEvent;
import dev.parley.chat.control.ChatFeed;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.ConversationState;
import dev.parley.knowledge.control.Embeddings;
import dev.parley.knowledge.control.Retrieval;
import dev.parley.knowledge.control.Retriever;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Grounded AI output for a conversation: reply suggestions for agents, the bot's answers and
 * summaries. Each run retrieves knowledge-base passages for the visitor's latest words, asks the
 * language model with the versioned prompt when one is configured and the daily budget allows, and
 * checks its answer ({@link Grounding}). With no model — or a model that fails, times out or
 * answers ungrounded — suggestions are the best passages shaped by a template and labelled {@code
 * knowledge_base}: never invented text. Every output is recorded as an {@link AiDecision}.
 *
 * <p>For every visitor message in a conversation an agent handles, suggestions are made in the
 * background and pushed to the agent over the chat connection ({@code suggestions} envelope);
 * {@code parley.assist.auto-suggest=false} leaves them to on-demand requests.
 */
@ApplicationScoped
public class ReplySuggestions {

  private static final Logger LOG = Logger.getLogger(ReplySuggestions.class.getName());

  /** A suggestion as shown to the agent (or said by the bot). */
  public record Suggestion(
      long decision, String text, DecisionSource source, List<Grounding.Source> citations) {
    public JsonObject toJson() {
      JsonArrayBuilder cited = Jsons.array();
      citations.forEach(c -> cited.add(c.citation()));
      return Jsons.object()
          .add("id", decision)
          .add("text", text)
          .add("source", source.wire())
          .add("citations", cited)
          .build();
    }
  }

  /**
   * What one run produced; {@code stream} names the preview its drafts were streamed under ({@code
   * suggestion.delta} envelopes), null when nothing was streamed.
   */
  public record Result(
      List<Suggestion> suggestions,
      List<Grounding.Source> retrieved,
      List<String> dropped,
      String stream) {
    Result streamed(String id) {
      return new Result(suggestions, retrieved, dropped, id);
    }
  }

  /**
   * How often at most a streamed suggestion's growth is sent to the agent: a fast model's tokens
   * are gathered into a few envelopes.
   */
  @Inject
  @ConfigProperty(name = "parley.assist.stream-interval-ms", defaultValue = "50")
  long streamInterval;

  @Inject Retrieval retrieval;
  @Inject Embeddings embeddings;
  @Inject LanguageModel model;
  @Inject TokenBudget budget;
  @Inject Prompts prompts;
  @Inject Decisions decisions;
  @Inject ChatFeed feed;

  @Inject
  @ConfigProperty(name = "parley.assist.auto-suggest", defaultValue = "true")
  boolean autoSuggest;

  @Inject
  @ConfigProperty(name = "parley.assist.suggestions", defaultValue = "3")
  int count;

  @Inject
  @ConfigProperty(name = "parley.assist.passages", defaultValue = "4")
  int passages;

  @Inject
  @ConfigProperty(name = "parley.assist.min-similarity", defaultValue = "0.3")
  double minSimilarity;

  @Inject
  @ConfigProperty(name = "parley.assist.turns", defaultValue = "12")
  int turns;

  /** How similar a passage must be for the bot to answer with it (it speaks without an agent). */
  @Inject
  @ConfigProperty(name = "parley.triage.answer-similarity", defaultValue = "0.45")
  double answerSimilarity;

  /**
   * How similar a passage must be to be offered as a suggestion by itself, without a language model
   * to pick and reword: the floor the bot answers visitors with (a one-word "iPhone" is 0.29 from
   * the crash article of the demo help center, a real question about it 0.48 to 0.82).
   */
  @Inject
  @ConfigProperty(name = "parley.assist.knowledge-base-similarity", defaultValue = "0.45")
  double knowledgeBaseSimilarity;

  /** A new visitor message: suggestions for the agent if a human handles the conversation. */
  void onVisitorMessage(@ObservesAsync Conversations.VisitorWrote wrote) {
    if (!autoSuggest || wrote.state() != ConversationState.HUMAN) {
      return;
    }
    try {
      push(wrote.conversationId(), suggest(wrote.conversationId(), wrote.seq()));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Suggestions for conversation " + wrote.conversationId() + " failed", e);
    }
  }

  /**
   * 1–3 reply suggestions for the conversation's latest visitor message. With a streaming language
   * model the drafts reach the conversation's staff as they are written ({@code suggestion.delta}
   * envelopes, a preview); the suggestions an agent may insert are the ones returned and pushed
   * after the guardrails checked the whole answer.
   */
  public Result suggest(long conversationId, Long seq) {
    String id = java.util.UUID.randomUUID().toString();
    DraftStream drafts = new DraftStream(streamInterval);
    Conversation[] c = {null};
    boolean[] streamed = {false};
    java.util.function.Consumer<List<DraftStream.Delta>> send =
        deltas -> {
          if (deltas.isEmpty()) {
            return;
          }
          if (c[0] == null) {
            c[0] = decisions.conversation(conversationId);
          }
          streamed[0] = true;
          sendDeltas(c[0], id, deltas);
        };
    Result result =
        run(
            DecisionKind.REPLY,
            Prompts.REPLY_SUGGESTIONS,
            conversationId,
            seq,
            count,
            true,
            minSimilarity,
            piece -> send.accept(drafts.add(piece)));
    send.accept(drafts.flush());
    return streamed[0] ? result.streamed(id) : result;
  }

  private void sendDeltas(Conversation c, String stream, List<DraftStream.Delta> deltas) {
    JsonArrayBuilder array = Jsons.array();
    for (DraftStream.Delta d : deltas) {
      array.add(Jsons.object().add("index", d.index()).add("at", d.at()).add("text", d.text()));
    }
    toStaff(
        c,
        Jsons.object()
            .add("type", "suggestion.delta")
            .add("conversation", c.id())
            .add("stream", stream)
            .add("deltas", array)
            .build());
  }

  /** An envelope for the conversation's agent and the staff watching it, never its visitor. */
  private void toStaff(Conversation c, JsonObject envelope) {
    feed.send(
        new ChatEvent(
            ChatEvent.Audience.CONVERSATION,
            c.id(),
            c.inboxId(),
            c.visitorId(),
            c.assigneeId(),
            Set.of(),
            envelope,
            null,
            null));
  }

  /** The bot's answer to the visitor's latest message: empty when the knowledge base has none. */
  public Result answer(long conversationId, long seq) {
    return answer(conversationId, seq, answerSimilarity);
  }

  /**
   * The bot's answer from passages at least {@code similarity} alike to the question (an inbox's
   * own setting): empty when the knowledge base has none that close.
   */
  public Result answer(long conversationId, long seq, double similarity) {
    return run(
        DecisionKind.BOT_ANSWER,
        Prompts.BOT_ANSWER,
        conversationId,
        seq,
        1,
        true,
        similarity,
        null);
  }

  /** The similarity a passage needs for the bot to answer with it, unless an inbox sets its own. */
  public double answerSimilarity() {
    return answerSimilarity;
  }

  /** A short summary for whoever takes the conversation over. */
  public Result summarize(long conversationId) {
    return run(
        DecisionKind.SUMMARY, Prompts.SUMMARY, conversationId, null, 1, false, minSimilarity, null);
  }

  /** Sends suggestions to the agent and the staff watching the conversation. */
  public void push(long conversationId, Result result) {
    if (result.suggestions().isEmpty() && result.stream() == null) {
      return; // (a streamed preview is always ended by the checked suggestions, even none)
    }
    Conversation c = decisions.conversation(conversationId);
    JsonArrayBuilder array = Jsons.array();
    result.suggestions().forEach(s -> array.add(s.toJson()));
    jakarta.json.JsonObjectBuilder envelope =
        Jsons.object()
            .add("type", "suggestions")
            .add("conversation", conversationId)
            .add("suggestions", array);
    if (result.stream() != null) {
      envelope.add("stream", result.stream());
    }
    toStaff(c, envelope.build());
  }

  /**
   * One run: retrieval, the language model (streaming its pieces to {@code pieces} when not null —
   * the bot's answers stream too, to nobody), the guardrails, the decision trail.
   */
  private Result run(
      DecisionKind kind,
      String promptName,
      long conversationId,
      Long seq,
      int wanted,
      boolean grounded,
      double floor,
      java.util.function.Consumer<String> pieces) {
    long begin = System.nanoTime();
    List<Grounding.Turn> transcript = decisions.recentTurns(conversationId, turns);
    String query =
        transcript.stream()
            .filter(t -> t.role().equals("visitor"))
            .reduce((a, b) -> b)
            .map(Grounding.Turn::text)
            .orElse("");
    List<Grounding.Source> sources = List.of();
    java.util.Set<Long> strong = new java.util.HashSet<>();
    if (!query.isBlank() && embeddings.ready() && kind != DecisionKind.SUMMARY) {
      List<Retrieval.Passage> found =
          retrieval.search(
              query.length() > 1000 ? query.substring(0, 1000) : query,
              Retriever.Filter.published(),
              Retrieval.Mode.HYBRID,
              passages);
      sources =
          Grounding.sources(found.stream().filter(p -> p.similarity(embeddings) >= floor).toList());
      found.stream()
          .filter(p -> p.similarity(embeddings) >= knowledgeBaseSimilarity)
          .forEach(p -> strong.add(p.articleId()));
    }
    List<String> dropped = new ArrayList<>();
    Prompts.Prompt prompt = prompts.get(promptName);
    if (model.configured() && budget.available()) {
      try {
        String user =
            prompt.render(
                Map.of(
                    "passages", Grounding.passages(sources),
                    "transcript", Grounding.transcript(transcript),
                    "count", Integer.toString(wanted)));
        LanguageModel.Completion completion =
            model.complete(
                prompt.system(), user, kind == DecisionKind.BOT_ANSWER || pieces != null, pieces);
        try {
          budget.spend(completion.promptTokens() + completion.completionTokens());
        } catch (RuntimeException e) {
          // an answer already paid for is not thrown away over its bookkeeping
          LOG.log(Level.WARNING, "Cannot record token usage", e);
        }
        Grounding.Checked checked =
            Grounding.check(completion.text(), sources, prompt.system(), grounded);
        dropped.addAll(checked.dropped());
        if (!checked.kept().isEmpty() || kind == DecisionKind.BOT_ANSWER) {
          List<Grounding.Draft> kept =
              checked.kept().size() > wanted ? checked.kept().subList(0, wanted) : checked.kept();
          return record(
              kind,
              conversationId,
              seq,
              DecisionSource.LLM,
              kept,
              sources,
              prompt,
              completion.model(),
              begin,
              completion.promptTokens(),
              completion.completionTokens(),
              dropped);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Language model unavailable", e);
        dropped.add("model unavailable: " + e.getClass().getSimpleName());
      }
    } else if (model.configured()) {
      dropped.add("daily token budget spent");
    }
    // no model (or none usable): the knowledge base's own words, or the transcript for a summary
    List<Grounding.Draft> drafts = new ArrayList<>();
    DecisionSource source;
    if (kind == DecisionKind.SUMMARY) {
      source = DecisionSource.TRANSCRIPT;
      drafts.add(new Grounding.Draft(extractiveSummary(transcript), List.of()));
    } else {
      source = DecisionSource.KNOWLEDGE_BASE;
      for (Grounding.Source s : sources) {
        if (drafts.size() == wanted) {
          break;
        }
        if (!strong.contains(s.articleId())) {
          continue; // a passage offered as is must be on topic: nothing rather than noise
        }
        drafts.add(new Grounding.Draft(fromKnowledgeBase(s), List.of(s.id())));
      }
    }
    return record(
        kind, conversationId, seq, source, drafts, sources, prompt, null, begin, 0, 0, dropped);
  }

  private Result record(
      DecisionKind kind,
      long conversationId,
      Long seq,
      DecisionSource source,
      List<Grounding.Draft> drafts,
      List<Grounding.Source> sources,
      Prompts.Prompt prompt,
      String modelName,
      long begin,
      int promptTokens,
      int completionTokens,
      List<String> dropped) {
    long latency = (System.nanoTime() - begin) / 1_000_000;
    String retrieved = Grounding.retrievedJson(sources).toString();
    String droppedText = dropped.isEmpty() ? null : String.join("; ", dropped);
    List<AiDecision> rows = new ArrayList<>();
    List<List<Grounding.Source>> cited = new ArrayList<>();
    for (Grounding.Draft d : drafts) {
      List<Grounding.Source> citations =
          sources.stream().filter(s -> d.citations().contains(s.id())).toList();
      JsonArrayBuilder citationJson = Jsons.array();
      citations.forEach(c -> citationJson.add(c.citation()));
      cited.add(citations);
      rows.add(
          new AiDecision(
              kind,
              conversationId,
              seq,
              source,
              d.text(),
              citationJson.build().toString(),
              retrieved,
              source == DecisionSource.LLM ? prompt.name() : null,
              source == DecisionSource.LLM ? Integer.toString(prompt.version()) : null,
              modelName,
              latency,
              promptTokens / Math.max(1, drafts.size()),
              completionTokens / Math.max(1, drafts.size()),
              droppedText));
    }
    decisions.record(rows);
    List<Suggestion> suggestions = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      suggestions.add(new Suggestion(rows.get(i).id(), rows.get(i).text(), source, cited.get(i)));
    }
    return new Result(suggestions, sources, dropped, null);
  }

  /**
   * A passage shaped as a reply, quoting the knowledge base word for word, as plain text (an
   * article's title or body may hold markup; a suggestion never does).
   */
  static String fromKnowledgeBase(Grounding.Source s) {
    String text = Grounding.plain(s.text());
    if (dev.parley.platform.text.Languages.isChinese(text)) {
      // Chinese has no spaces between words: about 150 characters say what 60 words do
      String excerpt =
          text.codePointCount(0, text.length()) <= 150
              ? text
              : text.substring(0, text.offsetByCodePoints(0, 150)) + "…";
      return "帮助中心《" + Grounding.plain(s.title()) + "》：" + excerpt + " [" + s.id() + "]";
    }
    String[] words = text.split("\\s+");
    String excerpt =
        words.length <= 60
            ? text
            : java.util.Arrays.stream(words).limit(60).collect(Collectors.joining(" ")) + " …";
    return "From our help center, \""
        + Grounding.plain(s.title())
        + "\": "
        + excerpt
        + " ["
        + s.id()
        + "]";
  }

  /** The visitor's first and latest words, quoted: a summary no model wrote. */
  static String extractiveSummary(List<Grounding.Turn> transcript) {
    List<Grounding.Turn> visitor =
        transcript.stream().filter(t -> t.role().equals("visitor")).toList();
    if (visitor.isEmpty()) {
      return "The visitor has not written yet.";
    }
    String first = clip(visitor.get(0).text());
    String last = clip(visitor.get(visitor.size() - 1).text());
    long botTurns = transcript.stream().filter(t -> t.role().equals("bot")).count();
    String summary = "Visitor wrote: \"" + first + "\"";
    if (visitor.size() > 1) {
      summary += "; latest: \"" + last + "\"";
    }
    if (botTurns > 0) {
      summary += "; the bot answered " + botTurns + " time" + (botTurns == 1 ? "" : "s");
    }
    return summary + ".";
  }

  private static String clip(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}

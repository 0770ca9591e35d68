package dev.parley.assist.boundary;

import dev.parley.assist.control.Decisions;
import dev.parley.assist.control.ReplySuggestions;
import dev.parley.assist.entity.AiDecision;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Participant;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Agent assist for one conversation: suggestions and summaries on demand, and the AI decision trail
 * for admins. Automatic suggestions arrive over the staff chat connection as {@code suggestions}
 * envelopes.
 */
@Path("conversations/{id}/assist")
@Tag(name = "Agent assist")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(roles = Role.AGENT)
public class ConversationAssistResource {

  @Inject ReplySuggestions suggestions;
  @Inject Decisions decisions;
  @Inject Conversations conversations;

  @POST
  @Path("suggestions")
  @Operation(
      summary = "Suggest replies now",
      description =
          "1–3 replies grounded in the knowledge base and the recent turns, each with citations"
              + " and a source: llm, or knowledge_base when no model is configured or usable. Also"
              + " pushed to the conversation's staff connections.")
  public JsonObject suggest(@PathParam("id") long id, @Context SecurityContext security) {
    conversations.visible(id, new Participant.Staff(Views.caller(security)));
    ReplySuggestions.Result result = suggestions.suggest(id, null);
    suggestions.push(id, result);
    return result(result);
  }

  @POST
  @Path("summary")
  @Operation(summary = "Summarize the conversation (for a transfer, handoff or escalation)")
  public JsonObject summarize(@PathParam("id") long id, @Context SecurityContext security) {
    conversations.visible(id, new Participant.Staff(Views.caller(security)));
    return result(suggestions.summarize(id));
  }

  @GET
  @Path("decisions")
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(
      summary = "The AI decision trail of a conversation",
      description =
          "Every suggestion, bot answer and summary: prompt name and version, model, retrieved"
              + " passages with scores, citations, what the guardrails dropped, latency, tokens and"
              + " the agent's outcome.")
  public JsonObject trail(@PathParam("id") long id) {
    JsonArrayBuilder array = Jsons.array();
    decisions.of(id).forEach(d -> array.add(decision(d)));
    return Jsons.object().add("conversation", id).add("decisions", array).build();
  }

  static JsonObject result(ReplySuggestions.Result result) {
    JsonArrayBuilder suggestions = Jsons.array();
    result.suggestions().forEach(s -> suggestions.add(s.toJson()));
    JsonArrayBuilder retrieved = Jsons.array();
    result.retrieved().forEach(s -> retrieved.add(s.citation()));
    JsonObjectBuilder o =
        Jsons.object()
            .add("suggestions", suggestions)
            .add("retrieved", retrieved)
            .add("dropped", Jsons.array(result.dropped()));
    if (result.stream() != null) {
      o.add("stream", result.stream()); // the preview these replace (suggestion.delta)
    }
    return o.build();
  }

  static JsonObject decision(AiDecision d) {
    JsonObjectBuilder o =
        Jsons.object()
            .add("id", d.id())
            .add("kind", d.kind().wire())
            .add("conversation", d.conversationId())
            .add("source", d.source().wire())
            .add("text", d.text())
            .add("citations", Jsons.readArray(d.citations()))
            .add("retrieved", Jsons.readArray(d.retrieved()))
            .add("latencyMs", d.latencyMs())
            .add("promptTokens", d.promptTokens())
            .add("completionTokens", d.completionTokens())
            .add("createdAt", d.createdAt().toString());
    optional(o, "messageSeq", d.messageSeq());
    optional(o, "promptName", d.promptName());
    optional(o, "promptVersion", d.promptVersion());
    optional(o, "model", d.model());
    optional(o, "dropped", d.dropped());
    optional(o, "outcome", d.outcome() == null ? null : d.outcome().wire());
    optional(o, "editDistance", d.editDistance());
    optional(o, "rating", d.rating());
    optional(o, "decidedBy", d.decidedBy());
    return o.build();
  }

  private static void optional(JsonObjectBuilder o, String key, Object value) {
    if (value == null) {
      o.addNull(key);
    } else if (value instanceof Number n) {
      o.add(key, n.longValue());
    } else {
      o.add(key, value.toString());
    }
  }
}

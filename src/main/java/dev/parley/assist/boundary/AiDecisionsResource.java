package dev.parley.assist.boundary;

import dev.parley.assist.control.Decisions;
import dev.parley.assist.control.TokenBudget;
import dev.parley.assist.entity.AiDecision;
import dev.parley.assist.entity.Outcome;
import dev.parley.chat.control.Conversations;
import dev.parley.chat.control.Participant;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Caller;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.platform.json.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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

/** What agents did with AI suggestions: outcomes, ratings, and usage for admins. */
@Path("ai-decisions")
@Tag(name = "Agent assist")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(roles = Role.AGENT)
public class AiDecisionsResource {

  @Inject Decisions decisions;
  @Inject Conversations conversations;
  @Inject TokenBudget budget;

  /** What the agent did with a suggestion: sent (as is or edited) or dismissed. */
  public record OutcomeReport(
      @NotNull @Pattern(regexp = "sent|dismissed", message = "must be sent or dismissed")
          String outcome,
      @Size(max = 20000) String text,
      @Min(-1) @Max(1) Integer rating) {}

  /** Thumbs up (1) or down (-1). */
  public record Rating(@NotNull @Min(-1) @Max(1) Integer rating) {}

  @POST
  @Path("{id}/outcome")
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  @Operation(
      summary = "Record what the agent did with a suggestion",
      description =
          "Body: {outcome: sent|dismissed, text (what was sent: an edited text is recorded as"
              + " sent_edited with its edit distance), rating: 1|-1 (optional)}. Once per"
              + " suggestion.")
  public JsonObject outcome(
      @PathParam("id") long id, OutcomeReport body, @Context SecurityContext security) {
    Caller caller = Views.caller(security);
    AiDecision d = visibleDecision(id, caller);
    d.decide(
        body.outcome().equals("sent") ? Outcome.SENT : Outcome.DISMISSED, body.text(), caller.id());
    if (body.rating() != null) {
      d.rate(body.rating());
    }
    return ConversationAssistResource.decision(d);
  }

  @POST
  @Path("{id}/rating")
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  @Operation(summary = "Rate a suggestion: {rating: 1} (thumbs up) or {rating: -1}")
  public JsonObject rate(@PathParam("id") long id, Rating body, @Context SecurityContext security) {
    AiDecision d = visibleDecision(id, Views.caller(security));
    d.rate(body.rating());
    return ConversationAssistResource.decision(d);
  }

  @GET
  @Path("usage")
  @Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
  @Operation(summary = "Tokens spent today against the daily budget, and suggestion outcomes")
  public JsonObject usage() {
    JsonObjectBuilder outcomes = Jsons.object();
    for (Object[] row : decisions.outcomes()) {
      String key = row[0] == null ? "pending" : ((Outcome) row[0]).wire();
      JsonObjectBuilder o = Jsons.object().add("count", ((Number) row[1]).longValue());
      if (row[2] != null) {
        o.add("averageEditDistance", ((Number) row[2]).doubleValue());
      }
      outcomes.add(key, o);
    }
    return Jsons.object()
        .add("tokensToday", budget.spentToday())
        .add("dailyBudget", budget.dailyBudget())
        .add("suggestions", outcomes)
        .build();
  }

  private AiDecision visibleDecision(long id, Caller caller) {
    AiDecision d = decisions.find(id);
    conversations.visible(d.conversationId(), new Participant.Staff(caller));
    return d;
  }
}

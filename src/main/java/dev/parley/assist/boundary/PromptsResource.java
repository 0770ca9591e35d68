package dev.parley.assist.boundary;

import dev.parley.assist.control.LanguageModel;
import dev.parley.assist.control.Prompts;
import dev.parley.assist.control.ReplySuggestions;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import dev.parley.knowledge.control.Embeddings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The prompts in use with their versions, and the models: read-only, as prompts/ holds them. */
@Path("prompts")
@Tag(name = "Agent assist")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(roles = Role.ADMIN, scopes = Scope.ADMIN)
public class PromptsResource {

  private static final Map<String, String> USED_FOR =
      Map.of(
          Prompts.REPLY_SUGGESTIONS, "reply_suggestions",
          Prompts.BOT_ANSWER, "bot_answers",
          Prompts.SUMMARY, "summaries");

  @Inject Prompts prompts;
  @Inject LanguageModel model;
  @Inject Embeddings embeddings;
  @Inject ReplySuggestions replies;

  /** A prompt template as the assistant uses it: the highest version of its name. */
  public record PromptView(String name, int version, String usedFor, String system, String user) {}

  /**
   * The models behind the assistant: the language model (null when none is configured: answers and
   * suggestions then come from the knowledge base's passages alone), the embedding model, and the
   * bot's default answer similarity.
   */
  public record Models(
      boolean languageModelConfigured,
      String languageModel,
      String embeddingModel,
      double botAnswerSimilarity) {}

  public record PromptsView(Models models, List<PromptView> prompts) {}

  @GET
  @Operation(
      summary = "The prompts in use with their versions, and the models",
      description =
          "Read-only: prompts are files in the repository's prompts/ folder (the highest version"
              + " of each name is used); changing one is a code change, reviewed like any other.")
  public PromptsView prompts() {
    return new PromptsView(
        new Models(
            model.configured(),
            model.configured() ? model.name() : null,
            embeddings.model(),
            replies.answerSimilarity()),
        prompts.all().stream()
            .map(
                p ->
                    new PromptView(
                        p.name(),
                        p.version(),
                        USED_FOR.getOrDefault(p.name(), "other"),
                        p.system(),
                        p.user()))
            .toList());
  }
}

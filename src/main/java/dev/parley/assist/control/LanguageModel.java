package dev.parley.assist.control;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.parley.platform.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The language model: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI,
 * Ollama, vLLM, LocalAI) through LangChain4j's OpenAI module, configured by {@code
 * PARLEY_LLM_BASE_URL}, {@code PARLEY_LLM_API_KEY} and {@code PARLEY_LLM_MODEL}. Without a base URL
 * there is no model, and the AI features answer from the knowledge base alone.
 *
 * <p>The model is given text and returns text: it has no tools and nothing it says is executed.
 * Calls are bounded by MicroProfile Fault Tolerance — a timeout, one retry, a bulkhead and a
 * circuit breaker that stops calling a failing endpoint for a while — so a slow or failing model
 * costs a suggestion, never a chat message. Tunable per annotation, e.g. {@code
 * dev.parley.assist.control.LanguageModel/complete/Timeout/value} (ms).
 */
@ApplicationScoped
public class LanguageModel {

  private static final Logger LOG = Logger.getLogger(LanguageModel.class.getName());

  /** A model's answer with what it cost. */
  public record Completion(String text, String model, int promptTokens, int completionTokens) {}

  /** The endpoint refused with a status that retrying will not change (400, 401, 404). */
  public static class Refused extends RuntimeException {
    public Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Inject Settings settings;

  @Inject
  @ConfigProperty(name = "parley.assist.llm.timeout-ms", defaultValue = "15000")
  long clientTimeoutMs;

  @Inject
  @ConfigProperty(name = "parley.assist.llm.streaming", defaultValue = "true")
  boolean streaming;

  @Inject
  @ConfigProperty(name = "parley.assist.llm.temperature", defaultValue = "0.2")
  double temperature;

  @Inject
  @ConfigProperty(name = "parley.assist.llm.max-tokens", defaultValue = "600")
  int maxTokens;

  private volatile ChatModel chat;
  private volatile StreamingChatModel stream;
  private String modelName;

  @PostConstruct
  void init() {
    var baseUrl = settings.get("PARLEY_LLM_BASE_URL");
    if (baseUrl.isEmpty()) {
      LOG.info(
          "No language model configured (PARLEY_LLM_BASE_URL): AI answers come from the knowledge base alone");
      return;
    }
    modelName = settings.get("PARLEY_LLM_MODEL").orElse("gpt-4o-mini");
    String key = settings.get("PARLEY_LLM_API_KEY").orElse("none");
    Duration timeout = Duration.ofMillis(clientTimeoutMs);
    chat =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl.get())
            .apiKey(key)
            .modelName(modelName)
            .temperature(temperature)
            .maxTokens(maxTokens)
            .timeout(timeout)
            .maxRetries(0)
            .build();
    stream =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl.get())
            .apiKey(key)
            .modelName(modelName)
            .temperature(temperature)
            .maxTokens(maxTokens)
            .timeout(timeout)
            .build();
    LOG.log(
        Level.INFO,
        "Language model {0} at {1} (streaming: {2})",
        new Object[] {modelName, baseUrl.get(), streaming});
  }

  public boolean configured() {
    return chat != null;
  }

  public String name() {
    return modelName;
  }

  /**
   * Asks the model. With {@code stream} (and {@code parley.assist.llm.streaming}, on by default)
   * the answer is received as server-sent chunks, and each piece goes to {@code pieces} as it
   * arrives (null: nobody watches); a retry starts again with a null piece (forget what came). The
   * whole answer is returned.
   */
  @Timeout(10_000)
  @Retry(maxRetries = 1, delay = 300, abortOn = Refused.class)
  @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 20_000)
  @Bulkhead(8)
  public Completion complete(
      String system, String user, boolean stream, java.util.function.Consumer<String> pieces) {
    if (!configured()) {
      throw new IllegalStateException("no language model configured");
    }
    ChatRequest request =
        ChatRequest.builder()
            .messages(List.of(SystemMessage.from(system), UserMessage.from(user)))
            .build();
    ChatResponse response;
    if (pieces != null && stream && streaming) {
      pieces.accept(null); // an attempt starts (after a failed one: from scratch)
    }
    try {
      response = stream && streaming ? streamed(request, pieces) : chat.chat(request);
    } catch (RuntimeException e) {
      throw classify(e);
    }
    TokenUsage usage = response.tokenUsage();
    return new Completion(
        response.aiMessage().text(),
        response.modelName() != null ? response.modelName() : modelName,
        usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
        usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
  }

  private ChatResponse streamed(ChatRequest request, java.util.function.Consumer<String> pieces) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    this.stream.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String piece) {
            if (pieces != null) {
              try {
                pieces.accept(piece);
              } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A streamed piece was not delivered", e);
              }
            }
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.cancel(true);
      throw new IllegalStateException("interrupted while the model answered", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  private static RuntimeException classify(RuntimeException e) {
    String name = e.getClass().getSimpleName();
    if (name.equals("AuthenticationException")
        || name.equals("InvalidRequestException")
        || name.equals("ModelNotFoundException")) {
      return new Refused(e.getMessage(), e);
    }
    return e;
  }
}

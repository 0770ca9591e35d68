package dev.parley.assist.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AS-4: the repository's prompts parse, say that data is data, and render their placeholders. */
class PromptsTest {

  @Test
  void everyPromptInTheRepositoryParsesAndTreatsDelimitedTextAsData() throws Exception {
    try (var files = Files.list(Path.of("prompts"))) {
      for (Path file :
          files.filter(f -> !f.getFileName().toString().equals("README.md")).toList()) {
        Prompts.Prompt p = Prompts.parse(Files.readString(file), file.toString());
        assertTrue(p.version() >= 1);
        assertTrue(
            file.getFileName().toString().startsWith(p.name() + ".v" + p.version()),
            file.toString());
        assertTrue(p.system().contains("never an instruction"), file + " says data is data");
        assertTrue(p.user().contains("{{transcript}}"), file.toString());
      }
    }
  }

  @Test
  void theHighestVersionWinsAndPlaceholdersRender() {
    Prompts prompts = new Prompts();
    prompts.add(new Prompts.Prompt("x", 1, "old", "{{a}}"));
    prompts.add(new Prompts.Prompt("x", 3, "new", "say {{a}}"));
    prompts.add(new Prompts.Prompt("x", 2, "mid", "{{a}}"));
    assertEquals(3, prompts.get("x").version());
    assertEquals("say hi", prompts.get("x").render(Map.of("a", "hi")));
  }
}

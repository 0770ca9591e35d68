package dev.parley.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's strings: English and Simplified Chinese have the same keys, every key the page or
 * its scripts name exists, and no script sets text of its own.
 */
class ConsoleStringsTest {

  private static final Path CONSOLE = Path.of("src/main/webapp/console");

  private static JsonObject strings(String locale) throws IOException {
    return Json.createReader(
            new StringReader(Files.readString(CONSOLE.resolve("i18n/" + locale + ".json"))))
        .readObject();
  }

  @Test
  void bothLanguagesHaveTheSameKeys() throws IOException {
    assertEquals(new TreeSet<>(strings("en").keySet()), new TreeSet<>(strings("zh-CN").keySet()));
    for (String locale : new String[] {"en", "zh-CN"}) {
      strings(locale)
          .forEach(
              (key, value) ->
                  assertTrue(!value.toString().replace("\"", "").isBlank(), locale + " " + key));
    }
  }

  @Test
  void everyKeyThePageAndScriptsNameExists() throws IOException {
    Set<String> keys = strings("en").keySet();
    Set<String> named = new TreeSet<>();
    Matcher html =
        Pattern.compile("data-i18n(?:-label|-placeholder)?=\"([^\"]+)\"")
            .matcher(Files.readString(CONSOLE.resolve("index.html")));
    while (html.find()) {
      named.add(html.group(1));
    }
    try (Stream<Path> scripts = Files.list(CONSOLE.resolve("js"))) {
      for (Path script : scripts.toList()) {
        Matcher t = Pattern.compile("\\bt\\('([^'`]+)'").matcher(Files.readString(script));
        while (t.find()) {
          named.add(t.group(1));
        }
      }
    }
    named.removeIf(keys::contains);
    assertEquals(Set.of(), named, "keys named but missing from en.json");
  }

  @Test
  void scriptsSetNoHtml() throws IOException {
    try (Stream<Path> scripts = Files.list(CONSOLE.resolve("js"))) {
      for (Path script : scripts.toList()) {
        String code = Files.readString(script);
        for (String sink :
            new String[] {
              "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("
            }) {
          assertTrue(!code.contains(sink), script + " uses " + sink);
        }
      }
    }
  }
}

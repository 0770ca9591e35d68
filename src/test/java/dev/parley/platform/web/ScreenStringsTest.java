package dev.parley.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strings of Parley's screens (the console, the widget): English and Simplified Chinese have
 * the same keys, every key a page or its scripts name exists, and no script sets HTML.
 */
class ScreenStringsTest {

  private static final Path WEBAPP = Path.of("src/main/webapp");

  /** An app: its folder, its page and its scripts (its own and the shared ones it imports). */
  private record App(Path dir, Path page) {
    static App of(String name) {
      Path dir = WEBAPP.resolve(name);
      return new App(dir, dir.resolve(name.equals("console") ? "index.html" : "frame.html"));
    }

    List<Path> scripts() throws IOException {
      try (Stream<Path> own = Files.list(dir.resolve("js"));
          Stream<Path> shared = Files.list(WEBAPP.resolve("ui"))) {
        return Stream.concat(own, shared).filter(p -> p.toString().endsWith(".js")).toList();
      }
    }

    JsonObject strings(String locale) throws IOException {
      return Json.createReader(
              new StringReader(Files.readString(dir.resolve("i18n/" + locale + ".json"))))
          .readObject();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"console", "widget"})
  void bothLanguagesHaveTheSameKeys(String name) throws IOException {
    App app = App.of(name);
    assertEquals(
        new TreeSet<>(app.strings("en").keySet()), new TreeSet<>(app.strings("zh-CN").keySet()));
    for (String locale : new String[] {"en", "zh-CN"}) {
      app.strings(locale)
          .forEach(
              (key, value) ->
                  assertTrue(!value.toString().replace("\"", "").isBlank(), locale + " " + key));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"console", "widget"})
  void everyKeyThePageAndScriptsNameExists(String name) throws IOException {
    App app = App.of(name);
    Set<String> keys = app.strings("en").keySet();
    Set<String> named = new TreeSet<>();
    Matcher html =
        Pattern.compile("data-i18n(?:-label|-placeholder)?=\"([^\"]+)\"")
            .matcher(Files.readString(app.page()));
    while (html.find()) {
      named.add(html.group(1));
    }
    for (Path script : app.scripts()) {
      if (script.startsWith(WEBAPP.resolve("ui"))) {
        continue; // shared code names no strings of its own
      }
      Matcher t = Pattern.compile("\\bt\\('([^'`]+)'").matcher(Files.readString(script));
      while (t.find()) {
        named.add(t.group(1));
      }
    }
    named.removeIf(keys::contains);
    assertEquals(Set.of(), named, "keys named but missing from " + name + "/i18n/en.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"console", "widget"})
  void scriptsSetNoHtml(String name) throws IOException {
    List<Path> scripts = new java.util.ArrayList<>(App.of(name).scripts());
    scripts.add(WEBAPP.resolve("widget/parley.js"));
    for (Path script : scripts) {
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

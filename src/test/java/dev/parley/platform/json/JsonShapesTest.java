package dev.parley.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PLAT-5: a body of the wrong shape is named by its JSON pointer before anything binds it. */
class JsonShapesTest {

  record Inner(String name, int count) {}

  record Body(
      String email,
      Long team,
      Boolean active,
      List<String> tags,
      Map<String, Integer> weights,
      Inner inner,
      JsonObject free) {}

  private static List<JsonShapes.Misfit> check(String json) {
    return JsonShapes.check(Jsons.read(json), Body.class);
  }

  @Test
  void aFittingBodyHasNoMisfits() {
    assertEquals(
        List.of(),
        check(
            "{\"email\":\"a@b.c\",\"team\":5,\"active\":true,\"tags\":[\"x\"],"
                + "\"weights\":{\"a\":1},\"inner\":{\"name\":\"n\",\"count\":2},"
                + "\"free\":{\"anything\":[1,\"two\"]},\"unknown\":[]}"));
  }

  @Test
  void everyWrongTypeIsNamedByItsPointer() {
    List<JsonShapes.Misfit> misfits =
        check(
            "{\"email\":123,\"team\":\"x\",\"active\":\"yes\",\"tags\":[\"ok\",1],"
                + "\"weights\":{\"a\":1.5},\"inner\":{\"count\":99999999999},\"free\":[]}");
    List<String> pointers = misfits.stream().map(JsonShapes.Misfit::pointer).toList();
    assertEquals(
        List.of("/email", "/team", "/active", "/tags/1", "/weights/a", "/inner/count", "/free"),
        pointers);
  }

  @Test
  void theRootMustBeAnObjectAndNumbersMustFit() {
    assertEquals("", JsonShapes.check(Jsons.readArray("[]"), Body.class).get(0).pointer());
    assertEquals("is out of range", check("{\"team\":99999999999999999999999}").get(0).detail());
    assertEquals("must be a whole number", check("{\"team\":1.5}").get(0).detail());
  }

  @Test
  void textNoStoreCanKeepIsRefusedWherever() {
    assertEquals("/email", check("{\"email\":\"a\\u0000b\"}").get(0).pointer());
    assertEquals("/free/x/0", check("{\"free\":{\"x\":[\"\\ud800\"]}}").get(0).pointer());
    assertTrue(check("{\"free\":{\"\\u0000\":1}}").get(0).detail().contains("NUL"));
  }

  @Test
  void textsRule() {
    assertNull(Texts.unstorable("ok \uD83D\uDE00 emoji"));
    assertTrue(Texts.unstorable("\uDE00 alone").contains("surrogate"));
    assertEquals(Texts.ECHO_LIMIT + 3, Texts.echo("y".repeat(10_000)).length());
  }
}

package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CH-4, CH-12: the staff list at scale: pages linked by a cursor (every conversation once, in
 * order, whatever the page size), filters by inbox, team, waiting time and the visitor's name or
 * email, and the sort by waiting time.
 */
class ConversationListIT {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private static List<Long> ids(Parley.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    List<Long> ids = new ArrayList<>();
    for (JsonValue c : reply.array()) {
      ids.add(c.asJsonObject().getJsonNumber("id").longValue());
    }
    return ids;
  }

  /** Every page from the first, following the Link headers. */
  private static List<Long> allPages(String first, String token) {
    List<Long> all = new ArrayList<>();
    String path = first;
    for (int pages = 0; path != null; pages++) {
      assertTrue(pages < 50, "the pages end");
      Parley.Reply reply = Parley.get(path, token);
      all.addAll(ids(reply));
      String link = reply.header("Link");
      if (link == null) {
        path = null;
      } else {
        Matcher m = NEXT.matcher(link);
        assertTrue(m.find(), link);
        URI next = URI.create(m.group(1));
        path = next.getRawPath() + "?" + next.getRawQuery();
      }
    }
    return all;
  }

  @Test
  void pagesFollowTheCursorAndFiltersNarrowTheList() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    String token = Parley.admin();
    String marker = "Pager" + Parley.unique();
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      try (ChatClient visitor =
          ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
        visitor.next("welcome");
        created.add(
            ChatFixture.start(
                    visitor, "hello " + i, Json.createObjectBuilder().add("name", marker + " " + i))
                .getJsonNumber("id")
                .longValue());
      }
    }
    String base = "/api/v1/conversations?view=all&inbox=" + chat.inboxId;
    List<Long> latestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(latestFirst);
    assertEquals(latestFirst, allPages(base + "&limit=3", token), "every one once, latest first");
    assertEquals(latestFirst, allPages(base + "&limit=200", token));
    assertEquals(created, allPages(base + "&limit=2&sort=waiting", token), "longest waiting first");

    assertEquals(
        List.of(created.get(4)),
        ids(Parley.get(base + "&q=" + marker.toLowerCase() + "%204", token)),
        "search by name, any case");
    assertEquals(List.of(), ids(Parley.get(base + "&waitingMinutes=60", token)));
    assertEquals(7, ids(Parley.get(base + "&waitingMinutes=0", token)).size());
    assertEquals(List.of(), ids(Parley.get(base + "&team=" + (chat.teamId + 100_000), token)));
    assertEquals(
        List.of(), ids(Parley.get(base + "&q=" + marker + "%25", token)), "% is no wildcard");

    Parley.Reply bad = Parley.get(base + "&cursor=yesterday", token);
    assertEquals(422, bad.status(), bad.toString());
    assertTrue(bad.body().contains("cursor"));
    assertEquals(422, Parley.get(base + "&sort=random", token).status());
    assertNull(Parley.get(base + "&limit=200", token).header("Link"));
  }
}

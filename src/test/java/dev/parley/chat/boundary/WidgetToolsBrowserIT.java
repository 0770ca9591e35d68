package dev.parley.chat.boundary;

import static dev.parley.chat.boundary.WidgetBrowserIT.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.HostPage;
import dev.parley.testing.Parley;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * CH-10: what the widget does around the conversation itself, in a real Chromium on a host page of
 * another origin: files dropped or pasted (with the inbox's limits shown first, and a file over
 * them refused with the reason), the offline form when nobody can answer, and the launcher's unread
 * badge and the host page's events while the panel is closed.
 */
class WidgetToolsBrowserIT {

  /** A 1×1 PNG: the server sniffs the content, so the bytes must be a real image. */
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  @Test
  void filesArriveByDropAndByPasteWithinTheInboxsLimits() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US")) {
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, false);
      long id = started(visitor, host, chat, "Here are my files");
      String limits = visitor.visible(By.id("limits")).getText();
      assertTrue(limits.contains("PNG") && limits.contains("MB"), "limits shown first: " + limits);

      // dropped on the panel: the drop zone shows while dragging, the file goes up on drop
      Object zone =
          visitor.script(
              "const dt = new DataTransfer();"
                  + " dt.items.add(new File(['the serial number is 42'], 'notes.txt',"
                  + " { type: 'text/plain' }));"
                  + " const panel = document.getElementById('panel');"
                  + " panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles:"
                  + " true, cancelable: true }));"
                  + " const shown = !document.getElementById('drop').hidden;"
                  + " panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true,"
                  + " cancelable: true }));"
                  + " return shown;");
      assertEquals(Boolean.TRUE, zone, "the drop zone shows while a file is dragged over");
      visitor.until(
          d -> d.findElement(By.id("messages")).getText().contains("notes.txt") ? true : null);

      // pasted into the message field
      visitor.script(
          "const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));"
              + " const dt = new DataTransfer();"
              + " dt.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));"
              + " document.getElementById('text').dispatchEvent(new ClipboardEvent('paste',"
              + " { clipboardData: dt, bubbles: true, cancelable: true }));",
          PNG);
      visitor.until(
          d -> d.findElement(By.id("messages")).getText().contains("screenshot.png") ? true : null);
      // an image is shown as one, loaded with the visitor's token
      visitor.until(
          d ->
              Boolean.TRUE.equals(
                      visitor.script(
                          "const img = document.querySelector('#messages img.preview');"
                              + " return !!img && img.complete && img.naturalWidth === 1"
                              + " && img.alt === 'screenshot.png';"))
                  ? true
                  : null);

      // over the limit: refused before upload, with the reason
      visitor.script(
          "const big = new File([new Uint8Array(30 * 1024 * 1024)], 'video.png',"
              + " { type: 'image/png' });"
              + " const dt = new DataTransfer(); dt.items.add(big);"
              + " document.getElementById('panel').dispatchEvent(new DragEvent('drop',"
              + " { dataTransfer: dt, bubbles: true, cancelable: true }));");
      WebElement error = visitor.visible(By.id("send-error"));
      assertTrue(error.getText().contains("video.png"), error.getText());

      // both stored, in the order they went up
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(() -> attachments(id).size() == 2);
      assertEquals(List.of("notes.txt", "screenshot.png"), attachments(id));
    }
  }

  @Test
  void whenNobodyCanAnswerTheVisitorLeavesAnEmail() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US")) {
      // automatic assignment and nobody online: the conversation waits, the widget says so
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, false, "round_robin");
      long id = started(visitor, host, chat, "Is anybody there?");
      WebElement email = visitor.visible(By.id("offline-email"));
      email.sendKeys("not an email");
      visitor.driver().findElement(By.cssSelector("#offline-form button[type=submit]")).click();
      assertTrue(visitor.visible(By.id("offline-error")).getText().length() > 0);
      email.clear();
      email.sendKeys("ada@example.com");
      visitor.driver().findElement(By.cssSelector("#offline-form button[type=submit]")).click();
      visitor.visible(By.id("offline-done"));
      JsonObject c = Parley.get("/api/v1/conversations/" + id, Parley.admin()).json();
      assertEquals("ada@example.com", c.getJsonObject("visitor").getString("email"), c.toString());
      assertEquals("handoff_pending", c.getString("state"));
    }
  }

  @Test
  void withThePanelClosedTheLauncherCountsUnreadMessagesAndTheHostHearsOfThem() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US")) {
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, false);
      Parley.User agent = chat.agent();
      String hook =
          "<script>window.__unread = [];"
              + " window.Parley = window.Parley || function () {"
              + " (window.Parley.q = window.Parley.q || []).push(arguments); };"
              + " Parley('on', 'unread', function (n) { window.__unread.push(n); });</script>";
      visitor.driver().get(host.shop("/", chat.widgetKey, hook));
      WidgetPage widget = WidgetPage.open(visitor);
      widget.start("Ada", "I will wait");
      long id = widget.conversationId();
      visitor.driver().findElement(By.id("minimize")).click();
      visitor.driver().switchTo().defaultContent();
      awaitState(id, "handoff_pending");

      try (ChatClient staff = ChatClient.staff(Parley.baseUrl(), agent.login())) {
        staff.next("welcome");
        ChatFixture.ask(staff, "claim", id);
        ChatFixture.say(staff, id, "Thanks for waiting.");
        ChatFixture.say(staff, id, "I am looking into it.");
      }
      // every message since the panel closed counts: who joined, and the agent's two
      String badge =
          visitor.until(
              d -> {
                // the badge and the launcher's name read together: a message arriving between
                // two reads would change the count
                @SuppressWarnings("unchecked")
                java.util.List<String> shown =
                    (java.util.List<String>)
                        visitor.script(
                            "const r = document.querySelector('[data-parley-widget]').shadowRoot;"
                                + " const b = r.querySelector('button span');"
                                + " return getComputedStyle(b).display !== 'none'"
                                + " ? [b.textContent, r.querySelector('button')"
                                + ".getAttribute('aria-label')] : null;");
                if (shown == null) {
                  return null;
                }
                String text = shown.get(0);
                return text.equals(String.valueOf(lastUnread(visitor)))
                        && Integer.parseInt(text) >= 2
                        && shown.get(1).contains("(" + text + ")")
                    ? text
                    : null;
              });
      assertTrue(Integer.parseInt(badge) >= 2, "the count is in the badge and the launcher's name");

      // opened: read, the badge goes, the host hears 0
      WidgetPage.launcher(visitor).click();
      visitor.until(
          d ->
              ((Number) visitor.script("return window.__unread[window.__unread.length - 1]"))
                      .intValue()
                  == 0);
    }
  }

  @Test
  void theVisitorEndsTheConversationAfterConfirmingAndRatesIt() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US")) {
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, false);
      long id = started(visitor, host, chat, "Never mind, I found it");
      // asked first; "Keep chatting" changes nothing
      visitor.visible(By.id("end")).click();
      visitor.visible(By.id("end-no")).click();
      assertEquals("handoff_pending", state(id));
      visitor.driver().findElement(By.id("end")).click();
      visitor.visible(By.id("end-yes")).click();
      awaitState(id, "closed");
      visitor.visible(By.cssSelector("label[for=score-5]")).click();
      visitor.driver().findElement(By.cssSelector("#rating-form button[type=submit]")).click();
      visitor.visible(By.id("rating-done"));
      assertEquals(
          5,
          Parley.get("/api/v1/conversations/" + id, Parley.admin())
              .json()
              .getJsonObject("csat")
              .getInt("score"));
    }
  }

  @Test
  void aReturningVisitorFindsTheirEarlierConversationsAndReadsOne() throws Exception {
    try (HostPage host = HostPage.start();
        Browser visitor = Browser.start("en-US")) {
      ChatFixture chat = WidgetBrowserIT.inboxFor(host, false);
      long id = started(visitor, host, chat, "My first question");
      assertEquals(
          200,
          Parley.call("POST", "/api/v1/conversations/" + id + "/close", Parley.admin(), null)
              .status());
      awaitState(id, "closed");

      // another day: the same browser comes back to the shop
      visitor.driver().switchTo().defaultContent();
      visitor.driver().get(host.shop("/again", chat.widgetKey, ""));
      WidgetPage.open(visitor);
      // listed by what was last said in it
      By earlier = By.cssSelector("#earlier-list li button");
      visitor.until(
          d -> d.findElement(earlier).getText().contains("My first question") ? true : null);
      visitor.until(
          d -> {
            d.findElement(earlier).click(); // the list is redrawn as history arrives: found anew
            return true;
          });
      visitor.until(d -> d.findElement(By.id("messages")).getText().contains("My first question"));
      assertEquals(
          String.valueOf(id),
          visitor.driver().findElement(By.id("conversation")).getAttribute("data-conversation"));
      visitor.visible(By.id("ended"));
    }
  }

  /** The visitor opens the widget on the shop's page and starts a conversation; its id. */
  private static long started(Browser visitor, HostPage host, ChatFixture chat, String text) {
    visitor.driver().get(host.shop("/", chat.widgetKey, ""));
    WidgetPage widget = WidgetPage.open(visitor);
    widget.start("Ada", text);
    return widget.conversationId();
  }

  /** The last unread count the host page heard of (-1 before any). */
  private static long lastUnread(Browser browser) {
    Object last =
        browser.script(
            "return window.__unread.length ? window.__unread[window.__unread.length - 1] : -1");
    return ((Number) last).longValue();
  }

  private static List<String> attachments(long id) {
    return Parley.get("/api/v1/conversations/" + id + "/messages", Parley.admin())
        .json()
        .getJsonArray("messages")
        .stream()
        .map(JsonObject.class::cast)
        .filter(m -> m.containsKey("attachment"))
        .map(m -> m.getString("text"))
        .toList();
  }

  private static String state(long id) {
    return Parley.get("/api/v1/conversations/" + id, Parley.admin()).json().getString("state");
  }
}

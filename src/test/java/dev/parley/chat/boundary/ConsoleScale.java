package dev.parley.chat.boundary;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ConsolePage;
import dev.parley.testing.Parley;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openqa.selenium.By;

/**
 * The agent console at scale (bench/console-scale; not a test), in headless Chromium against a
 * Parley seeded by {@code bench/seed-conversations.sql}: the list with 10,000 open conversations
 * (first page, later pages, a live update), and a conversation of 5,000 messages (opening it,
 * reading it back page by page to its first message, scrolling through all of it), each against its
 * baseline in the same run: an inbox of 10 conversations, a conversation of 20 messages.
 *
 * <p>Times are taken in the page ({@code performance.now()}) from the action to the frame after the
 * DOM shows the result, so they include the API call, rendering and layout. Long tasks (main thread
 * busy over 50 ms, which a user feels as a stall) are counted by a {@code PerformanceObserver}.
 * Scrolling is measured as the intervals between animation frames while the list scrolls 250 px a
 * frame.
 */
public final class ConsoleScale {

  static final long LONG = 910_000_000L;
  static final long SHORT = 910_000_001L;

  private final Browser browser;

  private ConsoleScale(Browser browser) {
    this.browser = browser;
  }

  /**
   * Arguments: Parley's URL, the admin's password, the big inbox's widget key, the small inbox and
   * its widget key, rounds.
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("parley.base.url", args[0]);
    String password = args[1];
    String bigKey = args[2];
    String smallInbox = args[3];
    String smallKey = args[4];
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    try (Browser browser = Browser.start("en-US")) {
      browser.driver().manage().timeouts().scriptTimeout(Duration.ofMinutes(5));
      ConsolePage.signIn(browser, new Parley.User(0, Parley.ADMIN_EMAIL, password));
      browser.visible(By.cssSelector("[data-view=all]")).click();
      browser.visible(By.cssSelector("#conversation-list li"));
      browser.script(LONG_TASKS);
      ConsoleScale scale = new ConsoleScale(browser);
      scale.list(smallInbox, rounds);
      scale.live(bigKey, smallInbox, smallKey, rounds);
      scale.conversation(rounds);
    }
  }

  /** A line of the report (Markdown, on standard output). */
  private static void say(String line) {
    System.out.println(line);
  }

  // ---- the list

  private void list(String smallInbox, int rounds) {
    say("## The conversation list");
    say("");
    say("| what | open conversations shown by the filter | median | p90 | max | longest task |");
    say("|---|---|---|---|---|---|");
    List<Double> big = new ArrayList<>();
    List<Double> small = new ArrayList<>();
    List<Double> bigTasks = new ArrayList<>();
    List<Double> smallTasks = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      measureFilter("", big, bigTasks);
      measureFilter(smallInbox, small, smallTasks);
    }
    row("first page (50 rows), filter: any inbox", "over 10,000", big, bigTasks);
    row("first page, filter: the small inbox (baseline)", "over 10", small, smallTasks);
    // later pages of the big inbox: each the same cost however deep
    measureFilter("", new ArrayList<>(), new ArrayList<>());
    List<Double> pages = new ArrayList<>();
    List<Double> pageTasks = new ArrayList<>();
    for (int i = 0; i < Math.max(rounds, 20); i++) {
      List<?> r = checked(browser.scriptAsync(ASYNC_MORE));
      pages.add(number(r.get(0)));
      pageTasks.add(number(r.get(2)));
    }
    int shown = browser.driver().findElements(By.cssSelector("#conversation-list li")).size();
    row(
        "next page (\"Show more\", pages 2–" + (pages.size() + 1) + ")",
        "over 10,000",
        pages,
        pageTasks);
    say("");
    say("After " + (pages.size() + 1) + " pages the list holds " + shown + " rows.");
    say("");
  }

  private void measureFilter(String inbox, List<Double> times, List<Double> tasks) {
    List<?> r = checked(browser.scriptAsync(ASYNC_FILTER, inbox));
    times.add(number(r.get(0)));
    tasks.add(number(r.get(2)));
  }

  /** A visitor starts a conversation; how soon its row is at the top of the agent's list. */
  private void live(String bigKey, String smallInbox, String smallKey, int rounds)
      throws Exception {
    say("### A live update: a visitor starts a conversation, its row appears");
    say("");
    say("| list filtered to | open conversations | median | p90 | max |");
    say("|---|---|---|---|---|");
    List<Double> big = new ArrayList<>();
    List<Double> small = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      big.add(liveOnce("", bigKey));
      small.add(liveOnce(smallInbox, smallKey));
    }
    say(String.format(Locale.ROOT, "| any inbox | over 10,000 | %s |", stats(big)));
    say(String.format(Locale.ROOT, "| the small inbox (baseline) | over 10 | %s |", stats(small)));
    say("");
    say(
        "Both include the console's throttle: the list refreshes at most twice a second (500 ms"
            + " after the first event), whatever the rate of events.");
    say("");
  }

  private double liveOnce(String inboxFilter, String widgetKey) throws Exception {
    checked(browser.scriptAsync(ASYNC_FILTER, inboxFilter));
    String name = "Live " + UUID.randomUUID().toString().substring(0, 8);
    browser.script(WATCH_ROW, name);
    Parley.Reply session =
        Parley.call(
            "POST",
            "/api/v1/widget/sessions",
            null,
            Json.createObjectBuilder().add("widgetKey", widgetKey).build().toString(),
            "Origin",
            ORIGIN,
            "X-Forwarded-For",
            Parley.someAddress());
    if (session.status() != 201) {
      throw new IllegalStateException("widget session: " + session.status() + " " + session.body());
    }
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), session.json().getString("visitorToken"), ORIGIN)) {
      visitor.next("welcome");
      long sent = System.currentTimeMillis();
      visitor.send(
          Json.createObjectBuilder()
              .add("type", "start")
              .add("id", UUID.randomUUID().toString())
              .add("text", "Where is my parcel?")
              .add("fields", Json.createObjectBuilder().add("name", name))
              .build());
      visitor.next("ack");
      double seen = number(browser.scriptAsync(ASYNC_ROW_SEEN, name));
      return seen - sent;
    }
  }

  static final String ORIGIN = "https://shop.example";

  // ---- the conversation

  private void conversation(int rounds) {
    say("## A conversation of 5,000 messages");
    say("");
    say("| what | messages | median | p90 | max | longest task |");
    say("|---|---|---|---|---|---|");
    List<Double> longOpen = new ArrayList<>();
    List<Double> shortOpen = new ArrayList<>();
    List<Double> longTasks = new ArrayList<>();
    List<Double> shortTasks = new ArrayList<>();
    int shownAtOpen = 0;
    for (int i = 0; i < rounds; i++) {
      List<?> l = checked(browser.scriptAsync(ASYNC_OPEN, LONG, 5000));
      longOpen.add(number(l.get(0)));
      shownAtOpen = (int) number(l.get(1));
      longTasks.add(number(l.get(2)));
      List<?> s = checked(browser.scriptAsync(ASYNC_OPEN, SHORT, 20));
      shortOpen.add(number(s.get(0)));
      shortTasks.add(number(s.get(2)));
    }
    row("open, until the last message is on screen", "5,000", longOpen, longTasks);
    row("open (baseline)", "20", shortOpen, shortTasks);

    List<Double> smoothShort = scroll(600);
    checked(browser.scriptAsync(ASYNC_OPEN, LONG, 5000));
    List<?> back = checked(browser.scriptAsync(ASYNC_READ_BACK));
    List<Double> pages = numbers((List<?>) back.get(0));
    int shownAtEnd = (int) number(back.get(1));
    List<Double> backTasks = numbers((List<?>) back.get(2));
    List<Double> firstPages = pages.subList(0, Math.min(5, pages.size()));
    List<Double> lastPages = pages.subList(Math.max(0, pages.size() - 5), pages.size());
    row(
        "an earlier page (100), read by scrolling up: pages 2–6",
        "5,000",
        firstPages,
        backTasks.subList(0, Math.min(5, backTasks.size())));
    row(
        "… the last five pages (to message 1)",
        "5,000",
        lastPages,
        backTasks.subList(Math.max(0, backTasks.size() - 5), backTasks.size()));
    List<?> days = (List<?>) browser.script(DAYS);
    List<Double> smoothLong = scroll(600);
    say("");
    say(
        "Opened, the view holds "
            + shownAtOpen
            + " messages (the latest page), not 5,000; read back to the first message it holds "
            + shownAtEnd
            + ", in "
            + (pages.size() + 1)
            + " pages, with "
            + days.get(0)
            + " day separators ("
            + days.get(1)
            + " missing, misplaced or mislabelled).");
    say("");
    say("### Scrolling (250 px per animation frame, 600 frames, up and down)");
    say("");
    say("| messages in the view | frame interval median | p99 | max | frames over 50 ms |");
    say("|---|---|---|---|---|");
    say(
        String.format(
            Locale.ROOT, "| %d (all 5,000 read back) | %s |", shownAtEnd, frames(smoothLong)));
    say(String.format(Locale.ROOT, "| 20 (baseline) | %s |", frames(smoothShort)));
    say("");
  }

  /** The intervals between animation frames while the messages scroll up and down. */
  private List<Double> scroll(int frames) {
    return numbers((List<?>) browser.scriptAsync(ASYNC_SCROLL, frames));
  }

  // ---- numbers

  private void row(String what, String count, List<Double> times, List<Double> tasks) {
    say(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s |",
            what,
            count,
            stats(times),
            tasks.isEmpty() ? "–" : ms(Collections.max(tasks))));
  }

  static String stats(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return ms(percentile(sorted, 50))
        + " | "
        + ms(percentile(sorted, 90))
        + " | "
        + ms(sorted.get(sorted.size() - 1));
  }

  private static String frames(List<Double> intervals) {
    List<Double> sorted = new ArrayList<>(intervals);
    Collections.sort(sorted);
    long slow = sorted.stream().filter(v -> v > 50).count();
    return ms(percentile(sorted, 50))
        + " | "
        + ms(percentile(sorted, 99))
        + " | "
        + ms(sorted.get(sorted.size() - 1))
        + " | "
        + slow
        + " of "
        + sorted.size();
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.0f ms", value);
  }

  /** An in-page measurement's result; one that failed says why (a fourth element). */
  private static List<?> checked(Object result) {
    List<?> list = (List<?>) result;
    if (list == null || list.size() > 3) {
      throw new IllegalStateException("the measurement failed in the page: " + list);
    }
    return list;
  }

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  private static List<Double> numbers(List<?> list) {
    return list.stream().map(ConsoleScale::number).toList();
  }

  // ---- in the page

  /** Records the main thread's long tasks (over 50 ms) from now on. */
  private static final String LONG_TASKS =
      """
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })
        .observe({ type: 'longtask' });
      window.__frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      window.__until = (test) => new Promise((resolve, reject) => {
        const started = performance.now();
        const poll = () => {
          if (test()) resolve();
          else if (performance.now() - started > 60000) reject(new Error('timed out'));
          else setTimeout(poll, 2);
        };
        poll();
      });
      window.__longest = () => { const l = window.__long; window.__long = []; return l.length ? Math.max(...l) : 0; };
      """;

  /** Sets the inbox filter; resolves [ms until the list shows the result, rows, longest task]. */
  private static final String ASYNC_FILTER =
      """
      const [value, done] = arguments;
      const go = async () => {
        if (!location.hash.startsWith('#/conversations') && location.hash !== '#/') location.hash = '#/';
        await __until(() => document.getElementById('inbox-filter')
          && document.querySelector(`#inbox-filter option[value="${value}"]`));
        const list = document.getElementById('conversation-list');
        const select = document.getElementById('inbox-filter');
        await __until(() => list.getAttribute('aria-busy') === 'false');
        await __frame();
        __longest();
        let busy = false;
        const watch = new MutationObserver(() => { if (list.getAttribute('aria-busy') === 'true') busy = true; });
        watch.observe(list, { attributes: true });
        const started = performance.now();
        select.value = value;
        select.dispatchEvent(new Event('change'));
        await __until(() => busy && list.getAttribute('aria-busy') === 'false');
        watch.disconnect();
        await __frame();
        return [performance.now() - started, list.children.length, __longest()];
      };
      go().then(done, (e) => done([-1, 0, 0, String(e)]));
      """;

  /** Clicks "Show more"; resolves [ms until the new rows are shown, rows, longest task]. */
  private static final String ASYNC_MORE =
      """
      const done = arguments[0];
      const go = async () => {
        const list = document.getElementById('conversation-list');
        const before = list.children.length;
        __longest();
        const started = performance.now();
        document.getElementById('more').click();
        await __until(() => list.children.length > before);
        await __frame();
        return [performance.now() - started, list.children.length, __longest()];
      };
      go().then(done, (e) => done([-1, 0, 0, String(e)]));
      """;

  /** Watches the list for a row with a visitor's name; records when it appears (epoch ms). */
  private static final String WATCH_ROW =
      """
      const name = arguments[0];
      window.__rows = window.__rows || {};
      const list = document.getElementById('conversation-list');
      const watch = new MutationObserver(() => {
        for (const v of list.querySelectorAll('.visitor')) {
          if (v.textContent === name) {
            window.__rows[name] = performance.timeOrigin + performance.now();
            watch.disconnect();
            return;
          }
        }
      });
      watch.observe(list, { childList: true, subtree: true });
      """;

  private static final String ASYNC_ROW_SEEN =
      """
      const [name, done] = arguments;
      __until(() => window.__rows[name]).then(() => done(window.__rows[name]), () => done(-1));
      """;

  /**
   * Opens a conversation from the list; resolves [ms until its last message is on screen, messages
   * shown, longest task].
   */
  private static final String ASYNC_OPEN =
      """
      const [id, last, done] = arguments;
      const go = async () => {
        location.hash = '#/';
        await __until(() => !document.getElementById('messages'));
        await __frame();
        __longest();
        const started = performance.now();
        location.hash = `#/conversations/${id}`;
        await __until(() => {
          const list = document.getElementById('messages');
          const item = list && list.querySelector(`li.message[data-seq="${last}"]`);
          return item && list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
        });
        await __frame();
        return [performance.now() - started,
          document.querySelectorAll('#messages li.message').length, __longest()];
      };
      go().then(done, (e) => done([-1, 0, 0, String(e)]));
      """;

  /**
   * Reads an open conversation back to its first message by scrolling to the top again and again;
   * resolves [ms per page, messages shown at the end, longest task per page].
   */
  private static final String ASYNC_READ_BACK =
      """
      const done = arguments[0];
      const go = async () => {
        const list = document.getElementById('messages');
        const count = () => list.childElementCount; // not a query: it is asked every 2 ms
        const times = [];
        const tasks = [];
        const first = () => list.querySelector('li.message');
        while (!first() || first().dataset.seq !== '1') {
          const before = count();
          __longest();
          const started = performance.now();
          list.scrollTop = 0;
          await __until(() => count() > before);
          await __frame();
          times.push(performance.now() - started);
          tasks.push(__longest());
        }
        return [times, list.querySelectorAll('li.message').length, tasks];
      };
      go().then(done, (e) => done([[-1], 0, [0], String(e)]));
      """;

  /**
   * Checks the day separators of the open conversation: one right before each message whose day
   * differs from the message before it, labelled with that day, and no other; [separators, wrong].
   */
  private static final String DAYS =
      """
      const items = [...document.querySelectorAll('#messages > li')];
      let wrong = 0, previous = null;
      items.forEach((li, i) => {
        if (!li.classList.contains('message') || !li.dataset.day) return;
        const before = items[i - 1];
        const marked = before && before.classList.contains('day');
        const needed = previous === null || previous !== li.dataset.day;
        if (needed !== Boolean(marked) || (marked && before.dataset.day !== li.dataset.day)) wrong++;
        previous = li.dataset.day;
      });
      const separators = items.filter((li) => li.classList.contains('day')).length;
      return [separators, wrong + items.filter((li, i) => li.classList.contains('day')
        && !(items[i + 1] && items[i + 1].classList.contains('message'))).length];
      """;

  /** Scrolls the open conversation 250 px a frame, bouncing; resolves the frame intervals. */
  private static final String ASYNC_SCROLL =
      """
      const [frames, done] = arguments;
      const list = document.getElementById('messages');
      const intervals = [];
      let step = -250;
      let last = null;
      const tick = (now) => {
        if (last !== null) intervals.push(now - last);
        last = now;
        if (intervals.length >= frames) { done(intervals); return; }
        if (list.scrollTop <= 0) step = 250;
        else if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) step = -250;
        list.scrollTop += step;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      """;
}

package dev.parley.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's, with its chromedriver, as {@code scripts/test} installs them:
 * {@code PARLEY_TEST_CHROMIUM}, {@code PARLEY_TEST_CHROMEDRIVER}), in a fresh profile, preferring
 * the given language. Waits are conditions with a deadline, never fixed sleeps.
 */
public final class Browser implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A browser whose user prefers {@code language} (e.g. {@code en-US}, {@code zh-CN}). */
  public static Browser start(String language) {
    String chromium = path("PARLEY_TEST_CHROMIUM", "/usr/bin/chromium");
    String chromedriver = path("PARLEY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).build();
    return new Browser(new ChromeDriver(service, options));
  }

  private static String path(String variable, String fallback) {
    String value = System.getenv(variable);
    String path = value == null || value.isBlank() ? fallback : value;
    if (!new File(path).canExecute()) {
      throw new IllegalStateException(
          path
              + " is missing: the browser tests need Chromium and chromedriver, which the test"
              + " command (scripts/test) installs; or set "
              + variable);
    }
    return path;
  }

  /**
   * From the next page on, keeps every WebSocket the page opens in {@code window.__sockets}, so a
   * test can cut them as a network failure would (instrumentation of the test, not of the page).
   */
  public void recordSockets() {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__sockets = []; const Native = window.WebSocket;"
                + " window.WebSocket = class extends Native { constructor(...a) { super(...a);"
                + " window.__sockets.push(this); } };"));
  }

  /**
   * Grants Parley's pages the permission to show desktop notifications (as an agent who said yes
   * once) and, from the next page on, keeps what they show in {@code window.__notifications}
   * ({title, body}) and counts the chimes they play in {@code window.__chimes} (instrumentation of
   * the test: the system's notifications and sound are not observable headless).
   */
  public void recordNotifications() {
    driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("origin", Parley.baseUrl(), "permissions", java.util.List.of("notifications")));
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__notifications = []; window.__chimes = 0;"
                + " if (window.Notification) { const Native = window.Notification;"
                + " window.Notification = class extends Native { constructor(title, options) {"
                + " super(title, options); window.__notifications.push({ title,"
                + " body: (options || {}).body || '' }); } }; }"
                + " if (window.AudioContext) { const make = AudioContext.prototype.createOscillator;"
                + " AudioContext.prototype.createOscillator = function () { window.__chimes++;"
                + " return make.call(this); }; }"));
  }

  /**
   * From the next page on, records anything that could only come from injected markup or script: a
   * dialog (alert, confirm, prompt, print) and every Content-Security-Policy violation (the strict
   * policy blocks inline handlers and scripts, and reports them). Instrumentation of the test, not
   * of the page; {@link #assertNoInjectedScript} checks it.
   */
  public void guardAgainstScripts() {
    driver.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__dialogs = []; window.__violations = [];"
                + " for (const f of ['alert', 'confirm', 'prompt', 'print'])"
                + " window[f] = (...a) => { window.__dialogs.push(f + ' ' + a.join(' ')); };"
                + " document.addEventListener('securitypolicyviolation', e =>"
                + " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' '"
                + " + (e.sample || '')));"));
  }

  /**
   * Fails if a dialog opened, a payload's marker ran, the policy blocked anything, or the page
   * holds an element or attribute that only markup from data could have made.
   */
  public void assertNoInjectedScript(String where) {
    Object found =
        script(
            "const bad = [];"
                + " if (window.__pwned) bad.push('window.__pwned was set');"
                + " (window.__dialogs || []).forEach(d => bad.push('dialog: ' + d));"
                + " (window.__violations || []).forEach(v => bad.push('CSP: ' + v));"
                + " if (!Array.isArray(window.__dialogs)) bad.push('the guard was not installed');"
                + " for (const el of document.querySelectorAll('main script, main iframe, main"
                + " object, main embed, main img, main video, main audio, main math, main style,"
                + " main link, main meta, main base, #panel script, #panel iframe, #panel object,"
                + " #panel embed, #panel img, #panel style, #panel math'))"
                + " bad.push('element ' + el.outerHTML.slice(0, 80));"
                + " for (const el of document.querySelectorAll('*')) for (const a of el.attributes)"
                + " { if (/^on/i.test(a.name)) bad.push('handler ' + a.name + ' on ' +"
                + " el.tagName);"
                + " if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) &&"
                + " /^\\s*(javascript|data|vbscript):/i.test(a.value)) bad.push('url ' + a.value); }"
                + " return bad;");
    @SuppressWarnings("unchecked")
    java.util.List<Object> problems = (java.util.List<Object>) found;
    if (!problems.isEmpty()) {
      throw new AssertionError(where + ": " + problems);
    }
  }

  /**
   * The serious and critical accessibility violations axe-core finds on the page as it is now (WCAG
   * 2.0–2.2 A and AA rules), each as "rule: target". axe-core comes from npm, installed by the test
   * command ({@code PARLEY_TEST_AXE}).
   */
  public java.util.List<String> accessibilityViolations() {
    String path = System.getenv("PARLEY_TEST_AXE");
    Path axe =
        path != null && !path.isBlank()
            ? Path.of(path)
            : Path.of(".cache/axe-core-4.11.0/node_modules/axe-core/axe.min.js");
    if (!Files.isRegularFile(axe)) {
      throw new IllegalStateException(
          axe
              + " is missing: the test command (scripts/test) installs axe-core; or set"
              + " PARLEY_TEST_AXE");
    }
    try {
      ((JavascriptExecutor) driver).executeScript(Files.readString(axe));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Object result =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                    + " 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
                    + " .then(r => done(r.violations.filter(v => v.impact === 'serious' ||"
                    + " v.impact === 'critical').flatMap(v => v.nodes.map(n => v.id + ': ' +"
                    + " n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, '"
                    + " ').slice(0, 160)))))"
                    + " .catch(e => done(['axe failed: ' + e]));");
    @SuppressWarnings("unchecked")
    java.util.List<String> violations = (java.util.List<String>) result;
    return violations;
  }

  /** Shows the page as with the system's dark theme ({@code prefers-color-scheme: dark}). */
  public void preferDark() {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of(
            "features",
            java.util.List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
  }

  /** What the page logged to its console (errors included), for a failing test's message. */
  public String consoleLog() {
    StringBuilder log = new StringBuilder();
    driver.manage().logs().get("browser").forEach(e -> log.append(e).append('\n'));
    return log.toString();
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens a page of the Parley under test, e.g. {@code /console/}. */
  public Browser open(String path) {
    driver.get(Parley.baseUrl() + path);
    return this;
  }

  public WebElement visible(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Waits until the condition gives something (not null or false). An element a live page replaced
   * while the condition looked at it (stale) or that is not there yet counts as not yet.
   */
  public <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /** Waits until the element's text is exactly {@code text}; returns it. */
  public WebElement text(By by, String text) {
    until(d -> ExpectedConditions.textToBe(by, text).apply(d));
    return driver.findElement(by);
  }

  public WebElement focused() {
    return driver.switchTo().activeElement();
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** A Chrome DevTools Protocol command (emulation, say) on the current page. */
  public Map<String, Object> cdp(String command, Map<String, Object> parameters) {
    return driver.executeCdpCommand(command, parameters);
  }

  /** Runs a script that calls its last argument with the result (a promise's, say). */
  public Object scriptAsync(String script, Object... args) {
    return driver.executeAsyncScript(script, args);
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    try {
      Path dir = Path.of("target/screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

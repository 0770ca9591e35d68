package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Browser;
import dev.parley.testing.ChatClient;
import dev.parley.testing.ChatFixture;
import dev.parley.testing.Parley;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * ID-9 in a real Chromium: an agent signs in to the console by keyboard alone, sees their
 * conversations and signs out; a one-time password leads to choosing one; the screens speak the
 * browser's language (English or Simplified Chinese) and switch on request; dark theme.
 */
class ConsoleSignInBrowserIT {

  private static final By WHO = By.id("who");

  private static void typeSignIn(Browser browser, String email, String password) {
    WebElement focused =
        browser.until(
            d -> {
              WebElement f = d.switchTo().activeElement();
              return "email".equals(f.getAttribute("id")) ? f : null;
            });
    focused.sendKeys(email, Keys.TAB);
    browser.focused().sendKeys(password, Keys.ENTER);
  }

  @Test
  void anAgentSignsInByKeyboardSeesTheirConversationsAndSignsOut() throws Exception {
    ChatFixture chat = ChatFixture.create("manual");
    Parley.User agent = chat.agent();
    String visitorName = "Ada " + Parley.unique();
    long conversation;
    try (ChatClient visitor =
        ChatClient.visitor(Parley.baseUrl(), chat.visitorToken(), ChatFixture.ORIGIN)) {
      visitor.next("welcome");
      conversation =
          ChatFixture.start(
                  visitor,
                  "Where is my order?",
                  jakarta.json.Json.createObjectBuilder().add("name", visitorName))
              .getJsonNumber("id")
              .longValue();
    }
    assertEquals(
        200,
        Parley.post("/api/v1/conversations/" + conversation + "/claim", agent.login(), null)
            .status());

    try (Browser browser = Browser.start("en-US")) {
      browser.open("/console/");
      browser.text(By.id("sign-in-title"), "Sign in to Parley");
      typeSignIn(browser, agent.email(), agent.password());

      browser.text(WHO, "Test agent (agent)");
      WebElement row =
          browser.visible(By.cssSelector("#conversation-list li[data-id='" + conversation + "']"));
      assertTrue(row.getText().contains(visitorName), row.getText());
      assertTrue(row.getText().contains("With an agent"), row.getText());
      assertEquals(
          "true",
          browser
              .driver()
              .findElement(By.cssSelector("[data-view=mine]"))
              .getAttribute("aria-selected"));
      assertTrue(
          browser.driver().findElements(By.cssSelector("[data-view=all]")).isEmpty(),
          "agents have no 'All'");
      browser.screenshot("console-conversations-en");

      // the session is a cookie no script can read, and no token is kept anywhere a script can
      Cookie session = browser.driver().manage().getCookieNamed("parley_session");
      assertTrue(session.isHttpOnly());
      assertEquals("Strict", session.getSameSite());
      assertFalse(
          String.valueOf(browser.script("return document.cookie")).contains(session.getValue()));
      String storage =
          String.valueOf(
              browser.script(
                  "return JSON.stringify(Object.assign({}, localStorage)) +"
                      + " JSON.stringify(Object.assign({}, sessionStorage))"));
      assertFalse(storage.contains(session.getValue()), storage);

      // arrow keys move between the views (a tab list); Unassigned does not list a claimed one
      browser.driver().findElement(By.cssSelector("[data-view=mine]")).sendKeys(Keys.ARROW_RIGHT);
      browser.until(
          d -> "unassigned".equals(d.switchTo().activeElement().getAttribute("data-view")));
      browser.until(
          d ->
              d.findElements(
                      By.cssSelector("#conversation-list li[data-id='" + conversation + "']"))
                  .isEmpty());

      // sign out by keyboard: the session ends on the server too
      WebElement signOut = browser.driver().findElement(By.id("sign-out"));
      signOut.sendKeys(Keys.ENTER);
      browser.text(By.id("sign-in-title"), "Sign in to Parley");
      assertEquals(
          401,
          Parley.call(
                  "GET", "/api/v1/me", null, null, "Cookie", "parley_session=" + session.getValue())
              .status());
    }
  }

  @Test
  void aWrongPasswordIsSaidPlainlyAndTheFormStaysUsable() {
    Parley.User agent = Parley.newUser("agent");
    try (Browser browser = Browser.start("en-US")) {
      browser.open("/console/");
      typeSignIn(browser, agent.email(), "not-the-password");
      browser.text(By.id("sign-in-error"), "The email or the password is wrong.");
      assertEquals(
          "alert", browser.driver().findElement(By.id("sign-in-error")).getAttribute("role"));
      WebElement password = browser.driver().findElement(By.id("password"));
      password.clear();
      password.sendKeys(agent.password(), Keys.ENTER);
      browser.text(WHO, "Test agent (agent)");
    }
  }

  @Test
  void aOneTimePasswordLeadsToChoosingOneAndThenToTheConversations() {
    Parley.User agent = Parley.newUser("agent");
    String oneTime =
        Parley.post("/api/v1/users/" + agent.id() + "/password-reset", Parley.admin(), null)
            .json()
            .getString("oneTimePassword");
    String chosen = "a-new-password-" + Parley.unique();
    try (Browser browser = Browser.start("en-US")) {
      browser.open("/console/");
      typeSignIn(browser, agent.email(), oneTime);
      browser.text(By.id("change-title"), "Choose your password");
      assertEquals("current", browser.focused().getAttribute("id"));
      browser.screenshot("console-one-time-password");
      browser.focused().sendKeys(oneTime, Keys.TAB);
      browser.focused().sendKeys(chosen, Keys.TAB);
      browser.focused().sendKeys(chosen + "x", Keys.ENTER);
      browser.text(By.id("change-error"), "The two new passwords are not the same.");
      WebElement confirm = browser.driver().findElement(By.id("confirm"));
      confirm.clear();
      confirm.sendKeys(chosen, Keys.ENTER);
      browser.text(By.id("inbox-title"), "Conversations");
      browser.text(By.id("no-conversations"), "No conversations here.");
      browser.text(WHO, "Test agent (agent)");
    }
    assertEquals(
        401, Parley.post("/api/v1/auth/login", null, credentials(agent.email(), oneTime)).status());
    assertEquals(
        200, Parley.post("/api/v1/auth/login", null, credentials(agent.email(), chosen)).status());
  }

  private static String credentials(String email, String password) {
    return jakarta.json.Json.createObjectBuilder()
        .add("email", email)
        .add("password", password)
        .build()
        .toString();
  }

  @Test
  void aChineseBrowserGetsChineseScreensAndTheLanguageCanBeSwitched() {
    Parley.User agent = Parley.newUser("agent");
    try (Browser browser = Browser.start("zh-CN")) {
      browser.open("/console/");
      browser.text(By.id("sign-in-title"), "登录 Parley");
      assertEquals("zh-CN", browser.script("return document.documentElement.lang"));
      typeSignIn(browser, agent.email(), "not-the-password");
      browser.text(By.id("sign-in-error"), "电子邮箱或密码错误。");
      browser.screenshot("console-sign-in-zh-CN");

      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("en");
      browser.text(By.id("sign-in-title"), "Sign in to Parley");
      assertEquals("en", browser.script("return document.documentElement.lang"));
      // the choice is remembered on this browser
      browser.open("/console/");
      browser.text(By.id("sign-in-title"), "Sign in to Parley");

      new Select(browser.driver().findElement(By.id("locale"))).selectByValue("zh-CN");
      browser.text(By.id("sign-in-title"), "登录 Parley");
      WebElement password = browser.driver().findElement(By.id("password"));
      WebElement email = browser.driver().findElement(By.id("email"));
      email.clear();
      email.sendKeys(agent.email());
      password.sendKeys(agent.password(), Keys.ENTER);
      browser.text(WHO, "Test agent（客服）");
      browser.text(By.id("inbox-title"), "会话");
      browser.screenshot("console-conversations-zh-CN");
    }
  }

  @Test
  void theDarkThemeIsDarkAndEveryControlHasAName() {
    try (Browser browser = Browser.start("en-US")) {
      browser.open("/console/");
      browser.text(By.id("sign-in-title"), "Sign in to Parley");
      String light =
          (String) browser.script("return getComputedStyle(document.body).backgroundColor");
      new Select(browser.driver().findElement(By.id("theme"))).selectByValue("dark");
      browser.until(
          d ->
              !light.equals(
                  browser.script("return getComputedStyle(document.body).backgroundColor")));
      String dark =
          (String) browser.script("return getComputedStyle(document.body).backgroundColor");
      assertNotEquals(light, dark);
      assertTrue(luminance(dark) < 0.1, dark);
      browser.screenshot("console-sign-in-dark");
      // every input and select is labelled, every button has text
      @SuppressWarnings("unchecked")
      List<String> unnamed =
          (List<String>)
              browser.script(
                  "return [...document.querySelectorAll('input,select,button')]"
                      + ".filter(e => e.offsetParent !== null)"
                      + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                      + " && !e.textContent.trim()).map(e => e.outerHTML)");
      assertEquals(List.of(), unnamed);
    }
  }

  /** Relative luminance of a computed {@code rgb(r, g, b)} colour. */
  private static double luminance(String rgb) {
    String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(parts[i]) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
}

package dev.parley.chat.boundary;

import dev.parley.testing.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

/** The widget as a visitor uses it, inside its frame on the host page. */
final class WidgetPage {

  private final Browser browser;

  WidgetPage(Browser browser) {
    this.browser = browser;
  }

  private static SearchContext shadow(Browser browser) {
    return browser
        .until(d -> d.findElements(By.cssSelector("[data-parley-widget]")).stream().findFirst())
        .map(WebElement::getShadowRoot)
        .orElseThrow();
  }

  /** The launcher the host page shows, once visible. */
  static WebElement launcher(Browser browser) {
    return browser.until(
        d -> {
          WebElement button = shadow(browser).findElement(By.cssSelector("button"));
          return button.isDisplayed() ? button : null;
        });
  }

  static WebElement frame(Browser browser) {
    return shadow(browser).findElement(By.cssSelector("iframe"));
  }

  /** Opens the panel with the launcher and works inside the widget's frame. */
  static WidgetPage open(Browser browser) {
    launcher(browser).click();
    browser.driver().switchTo().frame(frame(browser));
    browser.visible(By.id("panel"));
    return new WidgetPage(browser);
  }

  /** From the home view: starts a conversation with a name and a first message. */
  void start(String name, String text) {
    browser.visible(By.id("start")).click();
    browser.visible(By.id("field-name")).sendKeys(name);
    browser.driver().findElement(By.id("prechat-text")).sendKeys(text);
    browser.driver().findElement(By.cssSelector("#prechat button[type=submit]")).click();
    browser.visible(By.id("text"));
  }

  /** The id of the conversation shown. */
  long conversationId() {
    return Long.parseLong(
        browser.until(
            d -> {
              String id = d.findElement(By.id("conversation")).getAttribute("data-conversation");
              return id == null || id.isEmpty() ? null : id;
            }));
  }
}

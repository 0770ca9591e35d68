package dev.parley.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** The agent console as an agent uses it. */
public final class ConsolePage {

  private final Browser browser;

  private ConsolePage(Browser browser) {
    this.browser = browser;
  }

  public static ConsolePage signIn(Browser browser, Parley.User agent) {
    browser.open("/console/");
    WebElement email = browser.visible(By.id("email"));
    email.sendKeys(agent.email(), Keys.TAB);
    browser.focused().sendKeys(agent.password(), Keys.ENTER);
    browser.visible(By.id("inbox-title"));
    return new ConsolePage(browser);
  }

  /** Opens a conversation from a view of the list (e.g. {@code unassigned}, {@code mine}). */
  public void open(long conversation, String view) {
    browser.driver().findElement(By.cssSelector("[data-view=" + view + "]")).click();
    By row = By.cssSelector("#conversation-list li[data-id='" + conversation + "'] a");
    browser.visible(row);
    // the list refreshes live: a row found just before a refresh is replaced by its new self
    browser.until(
        d -> {
          try {
            d.findElement(row).click();
            return true;
          } catch (StaleElementReferenceException | NoSuchElementException e) {
            return null;
          }
        });
    browser.visible(By.id("compose"));
  }

  /** Sends a reply with Enter. */
  public void reply(String text) {
    browser.driver().findElement(By.id("compose")).sendKeys(text, Keys.ENTER);
  }
}

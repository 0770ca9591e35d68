package dev.parley.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Starts what every integration test shares for the whole run: the OpenAI-protocol server. */
public class TestSession implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty("parley.it.llm.port") == null) {
      return; // unit tests: no server to talk to it
    }
    try {
      FakeOpenAi.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the OpenAI-protocol test server", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    FakeOpenAi.stop();
  }
}

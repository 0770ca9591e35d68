package dev.parley.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.control.Participant;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * CH-1: a connection's welcome is its first frame, and the live events sent while it was being
 * prepared follow it, in order, none lost (the socket is registered before the welcome is read).
 */
class ConnectionTest {

  /** A session whose asynchronous sends complete at once, recording the frames. */
  static Connection connection(List<String> sent) {
    RemoteEndpoint.Async remote =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                ConnectionTest.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendText")) {
                    synchronized (sent) {
                      sent.add((String) args[0]);
                    }
                    ((SendHandler) args[1]).onResult(new SendResult());
                  }
                  return null;
                });
    Session session =
        (Session)
            Proxy.newProxyInstance(
                ConnectionTest.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getAsyncRemote" -> remote;
                      case "isOpen" -> true;
                      case "getId" -> "s1";
                      default -> null;
                    });
    return new Connection(
        session,
        new Participant.Visitor("v1", 2L),
        WireFormat.JSON,
        "127.0.0.1",
        new RateLimit(100, 100));
  }

  @Test
  void eventsSentWhileTheWelcomeIsPreparedFollowIt() {
    List<String> sent = new ArrayList<>();
    Connection c = connection(sent);
    c.holdBack();
    c.send("event 1");
    c.send("event 2");
    assertEquals(List.of(), sent, "nothing before the welcome");
    c.sendFirst("welcome");
    c.send("event 3");
    assertEquals(List.of("welcome", "event 1", "event 2", "event 3"), sent);
  }

  @Test
  void noEventIsLostOrAheadOfTheWelcomeWhileOtherThreadsSend() throws Exception {
    for (int round = 0; round < 50; round++) {
      List<String> sent = new ArrayList<>();
      Connection c = connection(sent);
      c.holdBack();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int thread = t;
        Thread sender =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  for (int i = 0; i < 200; i++) {
                    c.send(thread + ":" + i);
                  }
                });
        sender.start();
        senders.add(sender);
      }
      start.countDown();
      c.sendFirst("welcome");
      for (Thread t : senders) {
        t.join();
      }
      synchronized (sent) {
        assertEquals("welcome", sent.get(0));
        assertEquals(601, sent.size(), "every event once");
        for (int t = 0; t < 3; t++) {
          int last = -1;
          for (String frame : sent) {
            if (frame.startsWith(t + ":")) {
              int i = Integer.parseInt(frame.substring(2));
              assertTrue(i == last + 1, "in order: " + frame + " after " + last);
              last = i;
            }
          }
        }
      }
    }
  }
}

package dev.parley.platform.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;
import org.junit.jupiter.api.Test;

/**
 * PLAT-1: with clustering on, two nodes form one Infinispan cluster over JGroups TCP on loopback.
 */
class ClusteredCachesTest {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void loginFailuresReplicateAcrossNodesAndPrincipalsStayLocal() throws Exception {
    int portA = freePort();
    int portB = freePort();
    String hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
    EmbeddedCacheManager a = Caches.create(true, "parley-test-" + portA, "127.0.0.1", portA, hosts);
    try {
      EmbeddedCacheManager b =
          Caches.create(true, "parley-test-" + portA, "127.0.0.1", portB, hosts);
      try {
        long deadline = System.currentTimeMillis() + 20_000;
        while (a.getMembers().size() < 2 && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        assertEquals(2, a.getMembers().size(), "members seen by node A: " + a.getMembers());

        Cache<String, Integer> failuresA = a.getCache(Caches.LOGIN_FAILURES);
        Cache<String, Integer> failuresB = b.getCache(Caches.LOGIN_FAILURES);
        failuresA.put("account:ann@example.com", 3);
        assertEquals(3, failuresB.get("account:ann@example.com"));

        Cache<String, Object> principalsA = a.getCache(Caches.PRINCIPALS);
        Cache<String, Object> principalsB = b.getCache(Caches.PRINCIPALS);
        principalsA.put("hash", "caller");
        assertEquals(null, principalsB.get("hash"));
      } finally {
        b.stop();
      }
    } finally {
      a.stop();
    }
  }
}

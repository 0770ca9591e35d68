package dev.parley.identity.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.annotation.WebFilter;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ID-4: enumerates every JAX-RS endpoint Parley ships and fails if any lacks an explicit access
 * rule, or if an endpoint is public that is not on the short list of intended public ones; every
 * WebSocket endpoint must be guarded by an authenticating filter on its path.
 */
class AccessRulesTest {

  /** The only endpoints anyone may call without credentials. */
  private static final Set<String> PUBLIC =
      Set.of(
          "POST auth/login",
          "POST auth/password-resets",
          // reachability check and the ceiling of the ticket benchmark
          "GET ping",
          // the widget's calls: a visitor token (checked by the endpoint with the Origin) or none
          "POST widget/sessions",
          "OPTIONS widget/sessions",
          "POST widget/conversations/{id}/attachments",
          "GET widget/attachments/{attachmentId}",
          "GET widget/articles/{articleId}",
          "GET widget/conversations/{id}/messages",
          "OPTIONS widget/{path: conversations/.+|attachments/.+|articles/.+}");

  record Endpoint(Class<?> type, Method method, String name) {}

  static List<Endpoint> endpoints() throws IOException, ClassNotFoundException {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> type : annotated(Path.class)) {
      if (Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        String verb = httpMethod(method);
        if (verb == null && !method.isAnnotationPresent(Path.class)) {
          continue;
        }
        String path = type.getAnnotation(Path.class).value();
        if (method.isAnnotationPresent(Path.class)) {
          path += "/" + method.getAnnotation(Path.class).value();
        }
        endpoints.add(new Endpoint(type, method, (verb == null ? "LOCATOR" : verb) + " " + path));
      }
    }
    return endpoints;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  @Test
  void everyEndpointDeclaresItsAccessRule() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertTrue(
        endpoints.size() >= 20,
        "found only " + endpoints.size() + " endpoints: is the scan broken?");
    Set<String> missing = new TreeSet<>();
    for (Endpoint endpoint : endpoints) {
      if (AccessControl.ruleOf(endpoint.type(), endpoint.method()).isEmpty()) {
        missing.add(endpoint.type().getSimpleName() + "." + endpoint.method().getName());
      }
    }
    assertEquals(Set.of(), missing, "endpoints without @Allowed or @Public");
  }

  @Test
  void onlyTheIntendedEndpointsArePublic() throws Exception {
    Set<String> publicEndpoints = new TreeSet<>();
    for (Endpoint endpoint : endpoints()) {
      if (AccessControl.ruleOf(endpoint.type(), endpoint.method()).orElse(null) instanceof Public) {
        publicEndpoints.add(endpoint.name());
      }
    }
    assertEquals(new TreeSet<>(PUBLIC), publicEndpoints);
  }

  @Test
  void everyAllowedRuleAdmitsSomeone() throws Exception {
    for (Endpoint endpoint : endpoints()) {
      if (AccessControl.ruleOf(endpoint.type(), endpoint.method()).orElse(null)
          instanceof Allowed allowed) {
        assertTrue(
            allowed.roles().length + allowed.scopes().length > 0,
            endpoint.name() + " has an @Allowed rule that admits nobody");
      }
    }
  }

  /** Every class under target/classes carrying the annotation. */
  static List<Class<?>> annotated(Class<? extends Annotation> annotation)
      throws IOException, ClassNotFoundException {
    java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, AccessRulesTest.class.getClassLoader());
        if (type.isAnnotationPresent(annotation)) {
          found.add(type);
        }
      }
    }
    return found;
  }

  @Test
  void everyWebSocketEndpointIsBehindAnAuthenticatingFilter() throws Exception {
    List<Class<?>> sockets = annotated(ServerEndpoint.class);
    assertTrue(!sockets.isEmpty(), "no WebSocket endpoints found: is the scan broken?");
    Set<String> guarded = new TreeSet<>();
    for (Class<?> filter : annotated(WebFilter.class)) {
      guarded.addAll(List.of(filter.getAnnotation(WebFilter.class).urlPatterns()));
      guarded.addAll(List.of(filter.getAnnotation(WebFilter.class).value()));
    }
    for (Class<?> socket : sockets) {
      String path = socket.getAnnotation(ServerEndpoint.class).value();
      assertTrue(
          guarded.contains(path) || socket.isAnnotationPresent(Public.class),
          socket.getSimpleName()
              + " ("
              + path
              + ") has no authenticating filter; guarded: "
              + guarded);
    }
  }

  @Test
  void apiTokensCannotManageApiTokens() throws Exception {
    for (Endpoint endpoint : endpoints()) {
      if (endpoint.type() == ApiTokensResource.class) {
        Allowed allowed =
            (Allowed) AccessControl.ruleOf(endpoint.type(), endpoint.method()).orElseThrow();
        assertEquals(0, allowed.scopes().length, endpoint.name());
      }
    }
  }
}

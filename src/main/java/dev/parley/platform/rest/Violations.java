package dev.parley.platform.rest;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.Set;

/** Jakarta Validation's violations as a problem whose fields are JSON pointers. */
public final class Violations {

  private Violations() {}

  public static Problem problem(Set<? extends ConstraintViolation<?>> violations) {
    Problem problem = Problem.validation();
    violations.stream()
        .sorted(Comparator.comparing(v -> pointer(v.getPropertyPath())))
        .forEach(v -> problem.field(pointer(v.getPropertyPath()), v.getMessage()));
    return problem;
  }

  /**
   * {@code tags[3].<list element>} becomes {@code tags/3}; a method parameter's path ({@code
   * create.body.email}) keeps only what is inside the body ({@code email}).
   */
  static String pointer(Path path) {
    StringBuilder pointer = new StringBuilder();
    for (Path.Node node : path) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.RETURN_VALUE
          || kind == ElementKind.CROSS_PARAMETER) {
        continue;
      }
      if (kind == ElementKind.PARAMETER) {
        continue;
      }
      if (node.getIndex() != null) {
        pointer.append('/').append(node.getIndex());
      } else if (node.getKey() != null) {
        pointer.append('/').append(node.getKey());
      }
      if (kind != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
        pointer.append('/').append(node.getName());
      }
    }
    return pointer.length() == 0 ? "" : pointer.substring(1);
  }
}

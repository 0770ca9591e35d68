package dev.parley.identity.boundary;

import dev.parley.identity.entity.Role;
import dev.parley.identity.entity.Scope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access rule of an endpoint: staff users holding one of {@link #roles()} (an admin satisfies
 * any role) or API tokens holding one of {@link #scopes()}. On a method it replaces the class's
 * rule.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
  Role[] roles() default {};

  Scope[] scopes() default {};
}

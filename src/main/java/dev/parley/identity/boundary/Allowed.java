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

  /**
   * Whether a user who signed in with a one-time password may call this before changing it (only
   * what the change needs: who am I, change my password, sign out).
   */
  boolean beforePasswordChange() default false;
}

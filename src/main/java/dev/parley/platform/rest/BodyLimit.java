package dev.parley.platform.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest body an endpoint reads, when it differs from the default of its kind ({@code
 * parley.http.max-json-bytes}, {@code parley.http.max-upload-bytes}); see {@link BodyLimits}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BodyLimit {
  /** The limit in bytes, or the default when {@link #config()} names a setting. */
  long bytes();

  /** A MicroProfile Config property that holds the limit (e.g. an upload's size limit). */
  String config() default "";
}

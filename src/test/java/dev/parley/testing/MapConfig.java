package dev.parley.testing;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A MicroProfile Config over a fixed map of strings, for unit tests. */
public record MapConfig(Map<String, String> values) implements Config {

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    if (type != String.class) {
      throw new IllegalArgumentException("only strings");
    }
    return Optional.ofNullable((T) values.get(name));
  }

  @Override
  public ConfigValue getConfigValue(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Iterable<String> getPropertyNames() {
    return values.keySet();
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException();
  }
}

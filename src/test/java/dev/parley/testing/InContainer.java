package dev.parley.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The Arquillian deployment of an in-container test: the built Parley WAR plus the test class. */
public final class InContainer {

  private InContainer() {}

  /** Parley as built ({@code target/parley.war}) with the test, under its own application name. */
  public static WebArchive deployment(Class<?> test) {
    return ShrinkWrap.create(WebArchive.class, "parley-arq-" + test.getSimpleName() + ".war")
        .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/parley.war")))
        .addClasses(test, InContainer.class);
  }
}

package dev.preflight.core.fuzz;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Compiles a generated reproducer with javax.tools and runs it with the JUnit Platform Launcher. */
public final class ReproducerRunner {
  private ReproducerRunner() {}

  /** Runs the reproducer against {@code url}; returns the summary (failures = it reproduced). */
  public static TestExecutionSummary run(Path dir, String className, String source, URI url) throws Exception {
    Path src = dir.resolve(className + ".java");
    Files.createDirectories(dir);
    Files.writeString(src, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", dir.toString(), "-cp",
        System.getProperty("java.class.path"), src.toString());
    if (rc != 0) {
      throw new AssertionError("generated reproducer does not compile:\n" + source);
    }
    String previous = System.getProperty("preflight.validator.url");
    System.setProperty("preflight.validator.url", url.toString());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        ReproducerRunner.class.getClassLoader())) {
      Class<?> test = loader.loadClass(className);
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(test)).build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(request, listener);
      return listener.getSummary();
    } finally {
      if (previous == null) {
        System.clearProperty("preflight.validator.url");
      } else {
        System.setProperty("preflight.validator.url", previous);
      }
    }
  }
}

package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.preflight.checks.checklist.SeedChecklist;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.checklist.CheckCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/check-catalog.md} is generated from the check registry (the same {@link
 * CheckRegistry} the plugin loads) by {@link CheckCatalog}. This test fails when the file is
 * stale; regenerate it with {@code ./mvnw -pl maven-plugin -am test -Dtest=CheckCatalogDocTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpreflight.updateDocs=true}.
 */
class CheckCatalogDocTest {

  @Test
  void catalogMatchesTheChecks() throws IOException {
    Path file = Path.of(System.getProperty("preflight.root"), "docs", "check-catalog.md");
    String expected = CheckCatalog.markdown(
        CheckRegistry.load(getClass().getClassLoader()).definitions(), SeedChecklist.load());
    if (Boolean.getBoolean("preflight.updateDocs")) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
    }
    String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertEquals(expected, actual, "docs/check-catalog.md is stale; regenerate it with "
        + "-Dpreflight.updateDocs=true (see this test's documentation)");
  }
}

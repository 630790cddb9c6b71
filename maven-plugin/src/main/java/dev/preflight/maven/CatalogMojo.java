package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.checklist.CheckCatalog;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the check catalog of this build: every check id the plugin would report, with its title,
 * severity, rationale, remediation and checklist items, including checks from jars added to the
 * plugin's dependencies.
 */
@Mojo(name = "catalog", requiresProject = false, threadSafe = true)
public class CatalogMojo extends AbstractMojo {

  /** Where the catalog goes. */
  @Parameter(property = "preflight.catalog",
      defaultValue = "${project.build.directory}/preflight/check-catalog.md")
  File catalog;

  @Override
  public void execute() throws MojoExecutionException {
    try {
      String text = CheckCatalog.forClassPath(getClass().getClassLoader());
      Files.createDirectories(catalog.toPath().toAbsolutePath().getParent());
      Files.writeString(catalog.toPath(), text, StandardCharsets.UTF_8);
      getLog().info("Check catalog written to " + catalog);
    } catch (PreflightException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("Could not write " + catalog + ": " + e.getMessage(), e);
    }
  }
}

package dev.preflight.maven;

import java.util.Optional;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;

/**
 * The site page is rendered through Doxia 2 (maven-reporting-api 4), which maven-site-plugin has
 * from 3.20.0. Maven 3.9 binds 3.12.1 to {@code mvn site} by default; that version would skip the
 * page with a stack trace at WARNING and still report success, so the check says so up front.
 */
final class SitePluginRequirement {
  static final String MINIMUM = "3.20.0";
  static final String SITE_PLUGIN = "org.apache.maven.plugins:maven-site-plugin";

  private SitePluginRequirement() {}

  /** Why this project's site plugin cannot render the page, or empty when it can. */
  static Optional<String> problem(MavenProject project) {
    Plugin p = project == null ? null : project.getPlugin(SITE_PLUGIN);
    if (p == null || p.getVersion() == null || p.getVersion().contains("${")) {
      return Optional.empty();
    }
    if (new ComparableVersion(p.getVersion()).compareTo(new ComparableVersion(MINIMUM)) >= 0) {
      return Optional.empty();
    }
    return Optional.of("The Preflight site report needs maven-site-plugin " + MINIMUM
        + " or newer (it renders through Doxia 2); this build uses " + p.getVersion()
        + ", Maven's default. Pin a newer one in the pom: <build><pluginManagement><plugins>"
        + "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-site-plugin"
        + "</artifactId><version>3.21.0</version></plugin></plugins></pluginManagement></build>.");
  }
}

package dev.preflight.core.render;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.policy.PolicyLines;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to render. {@code templateDir}: a directory whose templates override the bundled ones by name
 * ({@code report.ftlh}, {@code style.css}, {@code charts.ftlh}, ...). {@code catalog}: check
 * metadata by id, for SARIF rule descriptions (rationale, references); without it the rules carry
 * the result's title and remediation. {@code formats}: which files to write. {@code policyLines}:
 * where the policy configures each check, for SARIF locations (line 1 without it).
 */
public record RenderOptions(Optional<Path> templateDir, Map<String, CheckInfo> catalog,
                            Set<ReportFormat> formats, PolicyLines policyLines) {

  public RenderOptions {
    catalog = Map.copyOf(catalog);
    formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
    policyLines = policyLines == null ? PolicyLines.none() : policyLines;
  }

  public RenderOptions(Optional<Path> templateDir, Map<String, CheckInfo> catalog,
                       Set<ReportFormat> formats) {
    this(templateDir, catalog, formats, PolicyLines.none());
  }

  public static RenderOptions defaults() {
    return new RenderOptions(Optional.empty(), Map.of(), EnumSet.allOf(ReportFormat.class));
  }

  public RenderOptions withTemplateDir(Path dir) {
    return new RenderOptions(Optional.of(dir), catalog, formats, policyLines);
  }

  /** Where the policy configures each check: SARIF results point there. */
  public RenderOptions withPolicyLines(PolicyLines lines) {
    return new RenderOptions(templateDir, catalog, formats, lines);
  }

  /** Check metadata, e.g. {@code CheckRegistry.definitions()}. */
  public RenderOptions withCatalog(Collection<CheckInfo> infos) {
    Map<String, CheckInfo> m = new LinkedHashMap<>();
    infos.forEach(i -> m.put(i.id(), i));
    return new RenderOptions(templateDir, m, formats, policyLines);
  }

  public RenderOptions withFormats(Set<ReportFormat> formats) {
    return new RenderOptions(templateDir, catalog, formats, policyLines);
  }
}

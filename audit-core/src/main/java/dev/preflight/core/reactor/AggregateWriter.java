package dev.preflight.core.reactor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.gate.GateReason;
import dev.preflight.core.render.AggregateHtml;
import dev.preflight.core.render.AggregateMarkdown;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReadinessReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Aggregate} into one directory: {@code preflight-aggregate.json} (canonical),
 * {@code index.html} and {@code aggregate.md}, one section per module, each audited module
 * linking to its own full reports. The views are built from one model and decide nothing.
 */
public final class AggregateWriter {
  public static final String JSON_FILE = "preflight-aggregate.json";
  public static final String HTML_FILE = "index.html";
  public static final String MARKDOWN_FILE = "aggregate.md";
  /** Version of the JSON document's shape. */
  public static final String FORMAT = "preflight-aggregate/1";

  private AggregateWriter() {}

  /** Writes the three files and returns their paths in that order. */
  public static List<Path> write(Aggregate aggregate, Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new PreflightException("Cannot create the aggregate report directory " + outDir
          + ": " + e.getMessage(), e);
    }
    Map<String, Object> model = model(aggregate, outDir);
    Path json = outDir.resolve(JSON_FILE);
    Json.write(json(aggregate, model), json);
    Path html = outDir.resolve(HTML_FILE);
    write(html, AggregateHtml.render(model));
    Path md = outDir.resolve(MARKDOWN_FILE);
    write(md, AggregateMarkdown.write(model));
    return List.of(json, html, md);
  }

  /** The view model: plain maps and lists, so every view (and a user's template) reads it alike. */
  static Map<String, Object> model(Aggregate aggregate, Path outDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("verdict", aggregate.verdict().name());
    m.put("passed", aggregate.passed());
    m.put("summary", aggregate.summary());
    m.put("reasons", aggregate.reasons());
    List<Map<String, Object>> modules = new ArrayList<>();
    for (ModuleEntry e : aggregate.modules()) {
      Map<String, Object> mod = new LinkedHashMap<>();
      mod.put("module", e.module());
      switch (e) {
        case ModuleEntry.Audited a -> {
          ReadinessReport r = a.gate().report();
          mod.put("status", "audited");
          mod.put("project", r.target().project());
          mod.put("programId", r.target().programId());
          mod.put("mainnet", r.target().mainnet());
          mod.put("generatedAt", r.generatedAt().toString());
          mod.put("verdict", a.gate().verdict().name());
          mod.put("passed", a.gate().passed());
          mod.put("gate", a.gate().summary());
          mod.put("reasons", a.gate().reasons().stream().map(GateReason::message).toList());
          Map<String, Object> outcomes = new LinkedHashMap<>();
          for (Map.Entry<Outcome, Integer> c : r.countByOutcome().entrySet()) {
            outcomes.put(c.getKey().label(), c.getValue());
          }
          mod.put("outcomes", outcomes);
          mod.put("reports", a.reportDirectory().map(d -> link(outDir, d)).orElse(""));
        }
        case ModuleEntry.Skipped s -> {
          mod.put("status", "skipped");
          mod.put("reason", s.reason());
        }
        case ModuleEntry.NotRun n -> {
          mod.put("status", "not-run");
          mod.put("reason", n.reason());
        }
      }
      modules.add(mod);
    }
    m.put("modules", modules);
    m.put("outcomeNames", java.util.Arrays.stream(Outcome.values()).map(Outcome::label).toList());
    return m;
  }

  /** The module's report directory as seen from the aggregate's: links survive a moved tree. */
  private static String link(Path from, Path to) {
    try {
      return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize())
          .toString().replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return to.toAbsolutePath().toUri().toString();
    }
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode json(Aggregate aggregate, Map<String, Object> model) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("verdict", aggregate.verdict().name());
    root.put("summary", aggregate.summary());
    ArrayNode reasons = root.putArray("reasons");
    aggregate.reasons().forEach(reasons::add);
    ArrayNode modules = root.putArray("modules");
    for (Map<String, Object> mod : (List<Map<String, Object>>) model.get("modules")) {
      modules.add(Json.mapper().valueToTree(mod));
    }
    return root;
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PreflightException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.preflight.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Measurement;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.vocabulary.ItemStatus;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.coverage.CoverageJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code preflight-report.json} ({@code preflight-report/1}), written in a fixed key order so the
 * same audit gives the same bytes. The schema is documented in docs/report-format.md.
 */
public final class ReportJson {
  public static final String FORMAT = "preflight-report/1";

  private ReportJson() {}

  public static ObjectNode toJson(ReadinessReport r) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    ObjectNode tool = root.putObject("tool");
    tool.put("name", "preflight");
    tool.put("version", r.toolVersion());
    root.put("generatedAt", r.generatedAt().toString());
    ObjectNode target = root.putObject("target");
    target.put("project", r.target().project());
    target.put("programId", r.target().programId());
    target.put("mainnet", r.target().mainnet());
    target.put("policy", r.target().policy());
    ArrayNode clusters = root.putArray("clusters");
    for (ReadinessReport.ClusterInfo c : r.clusters()) {
      ObjectNode cn = clusters.addObject();
      cn.put("name", c.name());
      cn.put("kind", c.kind().label());
      cn.put("url", c.url());
      cn.put("genesisHash", c.genesisHash());
      cn.put("slot", c.slot());
      c.error().ifPresent(e -> cn.put("error", e));
    }
    ObjectNode summary = root.putObject("summary");
    ObjectNode outcomes = summary.putObject("outcomes");
    r.countByOutcome().forEach((o, n) -> outcomes.put(o.label(), n));
    ObjectNode failures = summary.putObject("failuresBySeverity");
    r.failuresBySeverity().forEach((s, n) -> failures.put(s.label(), n));
    ArrayNode results = root.putArray("results");
    for (CheckResult res : r.results()) {
      results.add(result(res));
    }
    ArrayNode readiness = root.putArray("readiness");
    for (ReadinessReport.Readiness rd : r.readiness()) {
      ObjectNode n = readiness.addObject();
      n.put("id", rd.id());
      n.put("title", rd.title());
      n.put("kind", rd.kind().label());
      n.put("satisfied", rd.satisfied());
      n.put("total", rd.total());
      n.put("percent", rd.percent());
    }
    ArrayNode checklist = root.putArray("checklist");
    for (ReadinessReport.ItemStatus it : r.checklist()) {
      ObjectNode n = checklist.addObject();
      n.put("id", it.id());
      n.put("group", it.group());
      n.put("text", it.text());
      n.put("status", it.status().label());
      ArrayNode cs = n.putArray("checks");
      it.checks().forEach(cs::add);
      n.put("reason", it.reason());
    }
    ObjectNode rpc = root.putObject("rpc");
    rpc.put("calls", r.rpc().calls());
    rpc.put("accountRounds", r.rpc().accountRounds());
    rpc.put("retries", r.rpc().retries());
    rpc.put("failures", r.rpc().failures());
    ObjectNode by = rpc.putObject("byMethod");
    r.rpc().byMethod().forEach(by::put);
    r.coverage().ifPresent(c -> root.set("coverage", CoverageJson.toJson(c)));
    return root;
  }

  static ObjectNode result(CheckResult res) {
    ObjectNode n = Json.object();
    n.put("checkId", res.checkId());
    n.put("title", res.title());
    n.put("outcome", res.outcome().label());
    n.put("severity", res.severity().label());
    n.put("message", res.message());
    res.subject().ifPresent(s -> n.put("subject", s));
    n.put("fingerprint", res.fingerprint());
    ArrayNode cl = n.putArray("checklist");
    res.checklist().forEach(cl::add);
    n.put("remediation", res.remediation());
    evidence(n.putArray("evidence"), res.evidence());
    return n;
  }

  /** Evidence rows as the report writes them (also used by the SARIF view). */
  public static void evidence(ArrayNode into, List<Evidence> rows) {
    for (Evidence e : rows) {
      ObjectNode en = into.addObject();
      e.cluster().ifPresent(v -> en.put("cluster", v));
      e.genesisHash().ifPresent(v -> en.put("genesisHash", v));
      e.slot().ifPresent(v -> en.put("slot", v));
      e.address().ifPresent(v -> en.put("address", v));
      e.owner().ifPresent(v -> en.put("owner", v));
      e.dataLength().ifPresent(v -> en.put("dataLength", v));
      e.dataSha256().ifPresent(v -> en.put("dataSha256", v));
      en.put("field", e.field());
      en.put("value", e.value());
      e.measurement().ifPresent(m -> {
        ObjectNode mn = en.putObject("measurement");
        mn.put("unit", m.unit().label());
        mn.put("value", m.value());
        m.limit().ifPresent(l -> mn.put("limit", l));
      });
    }
  }

  public static void write(ReadinessReport r, Path file) {
    Json.write(toJson(r), file);
  }

  public static ReadinessReport read(Path file) {
    try {
      return fromJson(Json.read(file), file.toString());
    } catch (IOException e) {
      throw new PreflightException("Cannot read report " + file + ": " + e.getMessage(), e);
    }
  }

  public static ReadinessReport fromJson(JsonNode root, String source) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new PreflightException(source + ": not a Preflight report (format '"
          + root.path("format").asText() + "', expected '" + FORMAT + "').");
    }
    JsonNode t = root.path("target");
    List<ReadinessReport.ClusterInfo> clusters = new ArrayList<>();
    for (JsonNode c : root.path("clusters")) {
      String kind = c.path("kind").asText();
      clusters.add(new ReadinessReport.ClusterInfo(c.path("name").asText(),
          ReadinessReport.ClusterKind.ofLabel(kind).orElseThrow(() -> new PreflightException(
              source + ": cluster " + c.path("name").asText() + " has kind '" + kind
                  + "', not one of " + ReadinessReport.ClusterKind.labels()
                  + "; was the report written by another version?")), c.path("url").asText(), c.path("genesisHash").asText(),
          c.path("slot").asLong(), c.hasNonNull("error")
              ? Optional.of(c.get("error").asText()) : Optional.empty()));
    }
    List<CheckResult> results = new ArrayList<>();
    for (JsonNode n : root.path("results")) {
      results.add(result(n, source));
    }
    List<ReadinessReport.ItemStatus> items = new ArrayList<>();
    for (JsonNode n : root.path("checklist")) {
      List<String> cs = new ArrayList<>();
      n.path("checks").forEach(x -> cs.add(x.asText()));
      items.add(new ReadinessReport.ItemStatus(n.path("id").asText(), n.path("group").asText(),
          n.path("text").asText(), ItemStatus.ofLabel(n.path("status").asText()).orElseThrow(() ->
              new PreflightException(source + ": checklist item " + n.path("id").asText()
                  + " has status '" + n.path("status").asText() + "', not one of "
                  + ItemStatus.labels() + "; was the report written by another version?")),
          cs, n.path("reason").asText()));
    }
    List<ReadinessReport.Readiness> readiness = new ArrayList<>();
    for (JsonNode n : root.path("readiness")) {
      readiness.add(new ReadinessReport.Readiness(n.path("id").asText(), n.path("title").asText(),
          ReadinessReport.Kind.ofLabel(n.path("kind").asText()).orElseThrow(() ->
              new PreflightException(source + ": readiness " + n.path("id").asText()
                  + " has kind '" + n.path("kind").asText() + "', not one of "
                  + ReadinessReport.Kind.labels() + "; was the report written by another version?")),
          n.path("satisfied").asInt(), n.path("total").asInt()));
    }
    JsonNode rpc = root.path("rpc");
    Map<String, Long> by = new LinkedHashMap<>();
    rpc.path("byMethod").properties().forEach(e -> by.put(e.getKey(), e.getValue().asLong()));
    return new ReadinessReport(root.path("tool").path("version").asText(),
        Instant.parse(root.path("generatedAt").asText()),
        new ReadinessReport.Target(t.path("project").asText(), t.path("programId").asText(),
            t.path("mainnet").asBoolean(), t.path("policy").asText()),
        clusters, results, items, readiness,
        new RpcStats.Snapshot(rpc.path("calls").asLong(), by, rpc.path("retries").asLong(),
            rpc.path("failures").asLong(), rpc.path("accountRounds").asLong()),
        root.hasNonNull("coverage") ? Optional.of(CoverageJson.fromJson(root.get("coverage")))
            : Optional.empty());
  }

  /** One result as {@link #result(CheckResult)} wrote it (also read back from snapshots). */
  static CheckResult result(JsonNode n, String source) {
    List<Evidence> ev = new ArrayList<>();
    for (JsonNode e : n.path("evidence")) {
      ev.add(new Evidence(opt(e, "cluster"), opt(e, "genesisHash"), optLong(e, "slot"),
          opt(e, "address"), opt(e, "owner"), optLong(e, "dataLength"), opt(e, "dataSha256"),
          e.path("field").asText(), e.path("value").asText(), measurement(e.path("measurement"))));
    }
    List<String> cl = new ArrayList<>();
    n.path("checklist").forEach(x -> cl.add(x.asText()));
    return new CheckResult(n.path("checkId").asText(), n.path("title").asText(),
        Outcome.valueOf(n.path("outcome").asText().toUpperCase().replace('-', '_')),
        Severity.parse(n.path("severity").asText(), source), n.path("message").asText(), ev, cl,
        n.path("fingerprint").asText(), n.path("remediation").asText(), opt(n, "subject"));
  }

  /** A measurement of a unit this version does not know is left out; the text row stays. */
  private static Optional<Measurement> measurement(JsonNode m) {
    if (!m.isObject()) {
      return Optional.empty();
    }
    return Measurement.Unit.ofLabel(m.path("unit").asText()).map(u -> new Measurement(
        m.path("value").asLong(), u, optLong(m, "limit")));
  }

  private static Optional<String> opt(JsonNode n, String f) {
    return n.hasNonNull(f) ? Optional.of(n.get(f).asText()) : Optional.empty();
  }

  private static OptionalLong optLong(JsonNode n, String f) {
    return n.hasNonNull(f) ? OptionalLong.of(n.get(f).asLong()) : OptionalLong.empty();
  }
}

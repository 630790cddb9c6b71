package dev.preflight.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.report.Json;
import dev.preflight.core.report.ReportJson;

/**
 * {@code preflight-report.json} as written after the gate: the report of {@link ReportJson} plus
 * the gate's verdict and reasons ({@code gate}) and each suppressed or expired-suppression result's
 * entry ({@code suppression}), so a CI job reading the JSON knows whether the build passed and why
 * without re-applying anything. Reading a report back ({@link ReportJson#read}) ignores both: they
 * are a view of the gate, decided again on every run.
 */
public final class GateJson {
  private GateJson() {}

  /** The full report document with the gate of {@code gate}. */
  public static ObjectNode toJson(GateResult gate) {
    ObjectNode root = ReportJson.toJson(gate.report());
    ArrayNode results = (ArrayNode) root.get("results");
    for (GatedResult g : gate.suppressions().results()) {
      suppression(g.suppression()).ifPresent(s -> ((ObjectNode) results.get(g.index()))
          .set("suppression", s));
      acceptedDifference(g.result()).ifPresent(a -> ((ObjectNode) results.get(g.index()))
          .set("acceptedDifference", a));
    }
    // After summary: a reader sees the verdict before the result list.
    ObjectNode out = Json.object();
    root.properties().forEach(e -> {
      out.set(e.getKey(), e.getValue());
      if (e.getKey().equals("summary")) {
        out.set("gate", gate(gate));
      }
    });
    return out;
  }

  /** The {@code gate} object: verdict, threshold, summary line, reasons and waived findings. */
  public static ObjectNode gate(GateResult gate) {
    ObjectNode n = Json.object();
    n.put("verdict", gate.verdict().label());
    n.put("failOnSeverity", gate.policy().failOnSeverity().label());
    n.put("failOnInconclusive", gate.policy().failOnInconclusive());
    n.put("summary", gate.summary());
    ArrayNode reasons = n.putArray("reasons");
    for (GateReason r : gate.reasons()) {
      ObjectNode rn = reasons.addObject();
      switch (r) {
        case GateReason.Finding f -> {
          rn.put("kind", "finding");
          finding(rn, f.result());
        }
        case GateReason.ClusterUnreachable c -> {
          rn.put("kind", "cluster-unreachable");
          rn.put("cluster", c.cluster());
          rn.put("error", c.error());
        }
      }
      rn.put("message", r.message());
    }
    ArrayNode waived = n.putArray("waived");
    for (GatedResult g : gate.waived()) {
      finding(waived.addObject(), g);
    }
    return n;
  }

  private static void finding(ObjectNode into, GatedResult g) {
    into.put("result", g.index());
    into.put("checkId", g.result().checkId());
    into.put("fingerprint", g.result().fingerprint());
    into.put("outcome", g.result().outcome().label());
    into.put("severity", g.result().severity().label());
  }

  /**
   * An upgrade difference the baseline accepts: its entry's reason, owner, expiry and source line
   * (the evidence fields {@code upgrade.accepted.*} the diff writes).
   */
  static java.util.Optional<JsonNode> acceptedDifference(dev.preflight.core.check.CheckResult r) {
    ObjectNode n = Json.object();
    for (String key : java.util.List.of("reason", "owner", "expires", "source")) {
      r.evidence().stream().filter(e -> e.field().equals(ACCEPTED_PREFIX + key)).findFirst()
          .ifPresent(e -> n.put(key, e.value()));
    }
    return n.has("reason") ? java.util.Optional.of(n) : java.util.Optional.empty();
  }

  /** Kept in step with {@code UpgradeDiff.ACCEPTED_PREFIX} (gate sits below upgrade). */
  static final String ACCEPTED_PREFIX = "upgrade.accepted.";

  /** {@code state} ({@code active} or {@code expired}), reason, owner, expiry and source line. */
  static java.util.Optional<JsonNode> suppression(SuppressionState s) {
    Suppression entry;
    String state;
    switch (s) {
      case SuppressionState.Active a -> {
        entry = a.entry();
        state = "active";
      }
      case SuppressionState.Expired x -> {
        entry = x.entry();
        state = "expired";
      }
      case SuppressionState.None none -> {
        return java.util.Optional.empty();
      }
    }
    ObjectNode n = Json.object();
    n.put("state", state);
    n.put("reason", entry.reason());
    n.put("owner", entry.owner());
    n.put("expires", entry.expires().toString());
    n.put("source", entry.source());
    return java.util.Optional.of(n);
  }
}

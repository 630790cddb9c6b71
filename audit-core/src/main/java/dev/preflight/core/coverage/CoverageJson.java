package dev.preflight.core.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code coverage} object of {@code preflight-report.json} (docs/report-format.md), in a fixed
 * key order. Addresses are numbers (the ELF's virtual addresses); slot ranges are
 * {@code [start, end)} pairs.
 */
public final class CoverageJson {
  private CoverageJson() {}

  public static ObjectNode toJson(CoverageReport r) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("programId", r.programId());
    n.put("programSha256", r.programSha256());
    n.put("sbpfVersion", r.sbpfVersion());
    n.put("textAddress", r.textAddress());
    n.put("slots", r.slots());
    n.put("reached", r.reached());
    n.put("percent", r.percent());
    n.put("instructions", r.instructions());
    n.put("instructionsReached", r.instructionsReached());
    n.put("edges", r.edges());
    n.put("edgesReached", r.edgesReached());
    n.put("edgePercent", r.edgePercent());
    n.put("traces", r.traces());
    n.put("steps", r.steps());
    n.put("rejectedTraces", r.rejectedTraces());
    ArrayNode unreached = n.putArray("unreached");
    for (SlotRange s : r.unreached()) {
      unreached.addArray().add(s.start()).add(s.end());
    }
    ArrayNode gaps = n.putArray("gaps");
    for (Gap g : r.gaps()) {
      ObjectNode gn = gaps.addObject();
      gn.put("startSlot", g.slots().start());
      gn.put("endSlot", g.slots().end());
      gn.put("startAddress", g.startAddress());
      gn.put("endAddress", g.endAddress());
      gn.put("symbol", g.symbol());
      ArrayNode listing = gn.putArray("listing");
      for (Gap.Line l : g.listing()) {
        listing.addObject().put("address", l.address()).put("slot", l.slot()).put("reached", l.reached())
            .put("text", l.text());
      }
    }
    return n;
  }

  public static CoverageReport fromJson(JsonNode n) {
    List<SlotRange> unreached = new ArrayList<>();
    for (JsonNode s : n.path("unreached")) {
      unreached.add(new SlotRange(s.path(0).asInt(), s.path(1).asInt()));
    }
    List<Gap> gaps = new ArrayList<>();
    for (JsonNode g : n.path("gaps")) {
      List<Gap.Line> lines = new ArrayList<>();
      for (JsonNode l : g.path("listing")) {
        lines.add(new Gap.Line(l.path("address").asLong(), l.path("slot").asInt(),
            l.path("reached").asBoolean(), l.path("text").asText()));
      }
      gaps.add(new Gap(new SlotRange(g.path("startSlot").asInt(), g.path("endSlot").asInt()),
          g.path("startAddress").asLong(), g.path("endAddress").asLong(), g.path("symbol").asText(), lines));
    }
    return new CoverageReport(n.path("programId").asText(), n.path("programSha256").asText(),
        n.path("sbpfVersion").asText(), n.path("textAddress").asLong(), n.path("slots").asInt(),
        n.path("reached").asInt(), n.path("instructions").asInt(), n.path("instructionsReached").asInt(),
        n.path("edges").asInt(), n.path("edgesReached").asInt(), n.path("traces").asLong(),
        n.path("steps").asLong(), n.path("rejectedTraces").asLong(), unreached, gaps);
  }
}

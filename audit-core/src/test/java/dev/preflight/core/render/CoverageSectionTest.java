package dev.preflight.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.Gap;
import dev.preflight.core.coverage.SlotRange;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The coverage section: figures, the picture of the code, the numbered gaps, and its JSON. */
class CoverageSectionTest {

  /** 1,000 slots; slots 100..400 never reached (the largest gap), 700..705 never, 900 half a cell. */
  static CoverageReport coverage() {
    List<SlotRange> unreached = List.of(new SlotRange(100, 400), new SlotRange(700, 705));
    Gap big = new Gap(new SlotRange(100, 400), 0xe8 + 800, 0xe8 + 3200, "fn_3a8+0x10", List.of(
        new Gap.Line(0xe8 + 792, 99, true, "jeq r4, 0x1, +103"),
        new Gap.Line(0xe8 + 800, 100, false, "ldxb r4, [r1+0x0]"),
        new Gap.Line(0xe8 + 808, 101, false, ""),
        new Gap.Line(0xe8 + 3200, 400, true, "exit")));
    Gap small = new Gap(new SlotRange(700, 705), 0xe8 + 5600, 0xe8 + 5640, "",
        List.of(new Gap.Line(0xe8 + 5600, 700, false, "call sol_log_ <script>")));
    return new CoverageReport(SampleReports.PROGRAM, "cd".repeat(32), "V0", 0xe8, 1_000, 695, 990,
        690, 200, 120, 12, 34_000, 1, unreached, List.of(big, small));
  }

  @Test
  void thePictureMarksNeverReachedCodeAndNumbersTheLargestGaps() {
    ReadinessReport r = SampleReports.current().withCoverage(coverage());
    ReportModel m = ReportModel.of(ReportWriterTest.sampleGate(r), Optional.empty());
    CoverageView c = m.coverage();
    assertTrue(c.present());
    assertEquals(1, c.slotsPerCell());
    // 100..400 spans rows 0 (100..127), 1 and 2 (128..383) and row 3 (384..399); 700..705 one run
    assertEquals(5, c.unreached().size());
    assertEquals(new CoverageView.Rect(100 * CoverageView.CELL_W, 0, 28 * CoverageView.CELL_W,
        CoverageView.CELL_H - 1), c.unreached().getFirst());
    assertEquals(List.of(1, 2), c.markers().stream().map(CoverageView.Marker::number).toList());
    // 1,000 slots: 7 full rows of 128, then 104 cells
    assertEquals(List.of(new CoverageView.Rect(0, 0, 128 * CoverageView.CELL_W, 7 * CoverageView.CELL_H),
        new CoverageView.Rect(0, 7 * CoverageView.CELL_H, 104 * CoverageView.CELL_W, CoverageView.CELL_H)), c.code());
    assertEquals(300, c.gaps().getFirst().slots());

    String html = ReportWriter.html(ReportWriterTest.sampleGate(r), Optional.empty(), RenderOptions.defaults());
    assertTrue(html.contains("<section id=\"coverage\">"));
    assertTrue(html.contains("69.5%"), "instruction coverage figure");
    assertTrue(html.contains("60.0%"), "edge coverage figure");
    assertEquals(5, Pattern.compile("<rect class=\"unreached\"").matcher(html).results().count());
    assertTrue(html.contains("0x408–0xd68"), "the largest gap's address range");
    assertTrue(html.contains("fn_3a8+0x10"));
    assertTrue(html.contains("ldxb r4, [r1+0x0]"));
    assertFalse(html.contains("<script>"), "listing text is escaped");
  }

  @Test
  void aReportWithoutCoverageHasNoSection() {
    String html = ReportWriter.html(ReportWriterTest.sampleGate(SampleReports.current()), Optional.empty(),
        RenderOptions.defaults());
    assertFalse(html.contains("id=\"coverage\""));
    assertFalse(ReportJson.toJson(SampleReports.current()).has("coverage"));
  }

  @Test
  void theJsonCarriesTheFiguresAndReadsBack() {
    ReadinessReport r = SampleReports.current().withCoverage(coverage());
    var json = ReportJson.toJson(r);
    assertEquals(695, json.path("coverage").path("reached").asInt());
    assertEquals(69.5, json.path("coverage").path("percent").asDouble());
    assertEquals(60.0, json.path("coverage").path("edgePercent").asDouble());
    assertEquals(100, json.path("coverage").path("unreached").path(0).path(0).asInt());
    assertEquals(coverage(), ReportJson.fromJson(json, "test").coverage().orElseThrow());
  }
}

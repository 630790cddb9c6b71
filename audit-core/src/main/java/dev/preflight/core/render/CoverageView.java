package dev.preflight.core.render;

import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.Gap;
import dev.preflight.core.coverage.SlotRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The coverage section of the HTML report: the figures, a picture of the program's code (a grid
 * of cells in address order, each cell one or more {@code .text} slots, never-reached cells
 * marked) and the largest gaps, numbered in the picture, with their instructions. Geometry is
 * computed here so the template only draws rectangles.
 */
public record CoverageView(boolean present, String programId, int slots, int reached,
                           String percentText, int edges, int edgesReached, String edgePercentText,
                           long traces, long steps, long rejectedTraces, int instructions,
                           int instructionsReached, int slotsPerCell, int width, int height,
                           List<Rect> code, List<Rect> partly, List<Rect> unreached, List<Marker> markers,
                           List<GapView> gaps) {

  /** Cells per row of the picture. */
  public static final int COLUMNS = 128;
  /** Rows before cells start to hold more than one slot. */
  static final int MAX_ROWS = 80;
  public static final int CELL_W = 5;
  public static final int CELL_H = 7;
  /** Gaps numbered in the picture. */
  static final int LABELLED = 5;

  public record Rect(int x, int y, int w, int h) {}

  public record Marker(int number, int x, int y) {}

  public record GapView(int number, String range, String symbol, int slots, List<LineView> listing) {}

  public record LineView(String address, String slot, boolean reached, boolean elided, String text) {}

  public static CoverageView none() {
    return new CoverageView(false, "", 0, 0, "", 0, 0, "", 0, 0, 0, 0, 0, 1, 0, 0, List.of(),
        List.of(), List.of(), List.of(), List.of());
  }

  public static CoverageView of(Optional<CoverageReport> coverage) {
    return coverage.map(CoverageView::of).orElseGet(CoverageView::none);
  }

  static CoverageView of(CoverageReport r) {
    int perCell = Math.max(1, (r.slots() + COLUMNS * MAX_ROWS - 1) / (COLUMNS * MAX_ROWS));
    int cells = (r.slots() + perCell - 1) / perCell;
    int rows = Math.max(1, (cells + COLUMNS - 1) / COLUMNS);
    // unreached slots per cell: all of the cell's slots -> unreached, some -> partly
    int[] missing = new int[cells];
    for (SlotRange s : r.unreached()) {
      for (int slot = s.start(); slot < s.end(); slot++) {
        missing[slot / perCell]++;
      }
    }
    List<Rect> partly = new ArrayList<>();
    List<Rect> none = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      int c = row * COLUMNS;
      int end = Math.min(cells, c + COLUMNS);
      while (c < end) {
        int state = state(missing, c, perCell, r.slots());
        int run = c;
        while (run < end && state(missing, run, perCell, r.slots()) == state) {
          run++;
        }
        if (state != 0) {
          Rect rect = new Rect((c - row * COLUMNS) * CELL_W, row * CELL_H, (run - c) * CELL_W, CELL_H - 1);
          (state == 2 ? none : partly).add(rect);
        }
        c = run;
      }
    }
    List<Gap> bySize = r.gaps().stream()
        .sorted(Comparator.comparingInt((Gap g) -> g.slots().size()).reversed()
            .thenComparingLong(Gap::startAddress)).toList();
    List<Marker> markers = new ArrayList<>();
    List<GapView> gaps = new ArrayList<>();
    for (int i = 0; i < bySize.size(); i++) {
      Gap g = bySize.get(i);
      int cell = g.slots().start() / perCell;
      if (i < LABELLED) {
        markers.add(new Marker(i + 1, (cell % COLUMNS) * CELL_W, (cell / COLUMNS) * CELL_H));
      }
      List<LineView> lines = g.listing().stream().map(l -> new LineView(hex(l.address()),
          Integer.toString(l.slot()), l.reached(), l.text().isEmpty(),
          l.text().isEmpty() ? "…" : l.text())).toList();
      gaps.add(new GapView(i + 1, hex(g.startAddress()) + "–" + hex(g.endAddress()),
          g.symbol(), g.slots().size(), lines));
    }
    // the code's area: the full rows, then the last row as far as the code goes
    List<Rect> code = new ArrayList<>();
    if (rows > 1) {
      code.add(new Rect(0, 0, COLUMNS * CELL_W, (rows - 1) * CELL_H));
    }
    code.add(new Rect(0, (rows - 1) * CELL_H, (cells - (rows - 1) * COLUMNS) * CELL_W, CELL_H));
    return new CoverageView(true, r.programId(), r.slots(), r.reached(), pct(r.percent()),
        r.edges(), r.edgesReached(), pct(r.edgePercent()), r.traces(), r.steps(), r.rejectedTraces(),
        r.instructions(), r.instructionsReached(), perCell, COLUMNS * CELL_W, rows * CELL_H, code,
        partly, none, markers, gaps);
  }

  /** 0 every slot of the cell reached, 1 some, 2 none. */
  private static int state(int[] missing, int cell, int perCell, int slots) {
    int inCell = Math.min(perCell, slots - cell * perCell);
    return missing[cell] == 0 ? 0 : missing[cell] >= inCell ? 2 : 1;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v);
  }
}

package dev.preflight.core.coverage;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Instruction and edge coverage of one program's {@code .text} by the traces ingested.
 *
 * @param programId base58 address of the program under test
 * @param programSha256 SHA-256 of the ELF measured against
 * @param sbpfVersion e.g. {@code V0}
 * @param slots 8-byte slots of {@code .text} ({@code lddw} takes two)
 * @param reached slots executed (both slots of an executed {@code lddw})
 * @param instructions decoded instructions (an {@code lddw} is one)
 * @param instructionsReached distinct program counters executed
 * @param edges conditional-jump edges: two per conditional jump, taken and not taken
 * @param edgesReached edges seen followed in a trace
 * @param traces invocation traces of the program ingested (LiteSVM names a trace by a hash of its
 *     content, so identical executions between two ingests count once)
 * @param steps instructions executed over those invocations
 * @param rejectedTraces traces of the program id left out: of another build, or unreadable
 * @param unreached every never-reached run of slots, in address order
 * @param gaps the largest runs, with their listing, in address order
 */
public record CoverageReport(String programId, String programSha256, String sbpfVersion,
                             long textAddress, int slots, int reached, int instructions,
                             int instructionsReached, int edges, int edgesReached, long traces,
                             long steps, long rejectedTraces, List<SlotRange> unreached,
                             List<Gap> gaps) {

  public CoverageReport {
    unreached = List.copyOf(unreached);
    gaps = List.copyOf(gaps);
    if (reached < 0 || reached > slots || edgesReached < 0 || edgesReached > edges) {
      throw new IllegalArgumentException("inconsistent coverage figures: " + reached + "/" + slots
          + " slots, " + edgesReached + "/" + edges + " edges");
    }
  }

  /** Instruction coverage in percent of slots, one decimal. */
  public double percent() {
    return slots == 0 ? 0.0 : Math.floor(1000.0 * reached / slots) / 10.0;
  }

  /** Edge coverage in percent of conditional edges, one decimal. */
  public double edgePercent() {
    return edges == 0 ? 0.0 : Math.floor(1000.0 * edgesReached / edges) / 10.0;
  }

  /** At least one invocation of the program was traced: without that the figures say nothing. */
  public boolean hasEvidence() {
    return traces > 0;
  }

  /** Whether {@code slot} was executed. */
  public boolean reached(int slot) {
    if (slot < 0 || slot >= slots) {
      return false;
    }
    int i = Collections.binarySearch(unreached, new SlotRange(slot, slot),
        Comparator.comparingInt(SlotRange::start));
    int at = i >= 0 ? i : -i - 2;
    return at < 0 || !unreached.get(at).contains(slot);
  }

  /** The never-reached runs, largest first. */
  public List<SlotRange> largestUnreached() {
    return unreached.stream().sorted(Comparator.comparingInt(SlotRange::size).reversed()
        .thenComparingInt(SlotRange::start)).toList();
  }
}

package dev.preflight.core.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Coverage accumulated over traces, for a campaign that asks after each case whether it reached
 * anything new. Not a static: one map per program under test and campaign; its methods are
 * synchronized so executors on several threads may feed it.
 *
 * <p>A trace counts when its program id is the program under test, every program counter is an
 * instruction of this {@code .text}, and every traced instruction's opcode, registers and offset
 * match the slot it claims (a trace without {@code .insns} counts only when its
 * {@code .exec.sha256} equals the ELF's). So an upgradeable program's padded ProgramData, whose
 * hash differs, still counts, and a wrong program counter mapping would show as rejections. Traces of the same id from another build, and trace files that
 * cannot be read whole (a truncated {@code .regs}), are counted as rejected and left out, never
 * mixed in.
 *
 * <p>LiteSVM names a trace by a hash of its content: an execution identical to an earlier one
 * rewrites the same four files instead of adding new ones, so {@code traces} counts distinct
 * executions between two ingests, not invocations. A trace carries no case id: to learn which
 * case reached new edges, ingest after each traced case (or after a batch, then replay its cases
 * one by one when the batch reached something new).
 */
public final class CoverageMap {

  /** Gaps listed with their instructions in a report. */
  public static final int LISTED_GAPS = 12;
  private static final int CONTEXT_BEFORE = 3;
  private static final int GAP_LINES = 10;
  private static final int CONTEXT_AFTER = 2;

  private final ProgramText program;
  private final String programId;
  private final int[] slotIndex;
  private final int[] jumpIndex;
  private final int[] jumpSlots;
  private final BitSet reached;
  private final BitSet pcs;
  private final BitSet taken;
  private final BitSet fallThrough;
  private final Set<String> kept = new HashSet<>();
  private long traces;
  private long steps;
  private long rejected;

  /** What one {@link #ingest} or {@link #accumulate} call read and what it added. */
  public record Ingest(int files, int traces, int rejected, long steps, int newSlots, int newEdges,
                       long bytes) {
    /** The traces reached a slot or an edge no earlier trace had. */
    public boolean newCoverage() {
      return newSlots > 0 || newEdges > 0;
    }
  }

  public CoverageMap(ProgramText program, PublicKey programId) {
    this.program = program;
    this.programId = programId.toBase58();
    this.slotIndex = program.slotIndex();
    this.jumpIndex = new int[program.slots()];
    Arrays.fill(jumpIndex, -1);
    List<Integer> jumps = new ArrayList<>();
    for (SbpfInstruction i : program.instructions()) {
      if (i.conditional()) {
        jumpIndex[i.slot()] = jumps.size();
        jumps.add(i.slot());
      }
    }
    this.jumpSlots = jumps.stream().mapToInt(Integer::intValue).toArray();
    this.reached = new BitSet(program.slots());
    this.pcs = new BitSet(program.slots());
    this.taken = new BitSet(jumpSlots.length);
    this.fallThrough = new BitSet(jumpSlots.length);
  }

  public ProgramText program() {
    return program;
  }

  /**
   * Reads every complete trace in {@code dir} and deletes it (of any program: the directory is the
   * campaign's, and a trace once read has nothing more to give). Call it when no execution is in
   * flight on the validator: a trace still being written would be read in part, or rejected.
   */
  public synchronized Ingest ingest(Path dir) {
    return read(dir, true);
  }

  /**
   * Reads every complete trace in {@code dir} not read by an earlier call and leaves the files in
   * place.
   */
  public synchronized Ingest accumulate(Path dir) {
    return read(dir, false);
  }

  private Ingest read(Path dir, boolean delete) {
    try {
      int files = 0;
      int ours = 0;
      int rejectedNow = 0;
      long stepsNow = 0;
      long bytes = 0;
      int slotsBefore = reached.cardinality();
      int edgesBefore = taken.cardinality() + fallThrough.cardinality();
      for (Trace t : Trace.list(dir)) {
        if (!delete && !kept.add(t.base().toAbsolutePath().toString())) {
          continue;
        }
        files++;
        bytes += t.bytes();
        if (t.programId().equals(programId)) {
          long[] trace = readable(t);
          if (trace != null && ofThisBuild(t, trace)) {
            add(trace);
            ours++;
            stepsNow += trace.length;
          } else {
            rejectedNow++;
          }
        }
        if (delete) {
          t.delete();
        }
      }
      traces += ours;
      steps += stepsNow;
      rejected += rejectedNow;
      return new Ingest(files, ours, rejectedNow, stepsNow, reached.cardinality() - slotsBefore,
          taken.cardinality() + fallThrough.cardinality() - edgesBefore, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the traces in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The trace's program counters, or null when its files cannot be read whole. */
  private static long[] readable(Trace t) {
    try {
      return t.pcs();
    } catch (IOException e) {
      return null;
    }
  }

  private boolean ofThisBuild(Trace t, long[] trace) throws IOException {
    for (long pc : trace) {
      if (pc < 0 || pc >= slotIndex.length || slotIndex[(int) pc] < 0) {
        return false;
      }
    }
    boolean sameFile = t.execSha256().equalsIgnoreCase(program.sha256());
    if (!Files.exists(t.insns())) {
      return sameFile;
    }
    // Even for the same file the executed instructions are compared with the slots they claim:
    // that checks the program counter -> slot mapping itself (verified on SBPF v0; a layout where
    // it differed would be rejected here instead of counted at the wrong slots).
    byte[] insns = Files.readAllBytes(t.insns());
    if (insns.length != trace.length * 8L) {
      return false;
    }
    // Opcode, registers and offset only: the loader rewrites immediates (a call's becomes the
    // hash of its target, relocations patch lddw), so the executed bytes differ from the file's
    // there. On the escrow's smoke-test traces only calls differed, and only in the immediate.
    byte[] text = program.text();
    for (int i = 0; i < trace.length; i++) {
      int at = (int) trace[i] * 8;
      if (!Arrays.equals(insns, i * 8, i * 8 + 4, text, at, at + 4)) {
        return false;
      }
    }
    return true;
  }

  private void add(long[] trace) {
    for (int i = 0; i < trace.length; i++) {
      int pc = (int) trace[i];
      if (!pcs.get(pc)) {
        pcs.set(pc);
        reached.set(pc, pc + program.instructions().get(slotIndex[pc]).width());
      }
      int k = jumpIndex[pc];
      if (k >= 0 && i + 1 < trace.length) {
        long next = trace[i + 1];
        SbpfInstruction j = program.instructions().get(slotIndex[pc]);
        if (next == j.jumpTarget()) {
          taken.set(k);
        }
        if (next == pc + 1) {
          fallThrough.set(k);
        }
      }
    }
  }

  /** Slots reached so far. */
  public synchronized int reachedSlots() {
    return reached.cardinality();
  }

  /** Conditional edges reached so far. */
  public synchronized int reachedEdges() {
    return taken.cardinality() + fallThrough.cardinality();
  }

  /** The figures, the never-reached runs and the largest gaps with their listing. */
  public synchronized CoverageReport report() {
    List<SlotRange> unreached = new ArrayList<>();
    int slots = program.slots();
    int at = reached.nextClearBit(0);
    while (at < slots) {
      int end = Math.min(reached.nextSetBit(at) < 0 ? slots : reached.nextSetBit(at), slots);
      unreached.add(new SlotRange(at, end));
      at = reached.nextClearBit(end);
    }
    List<Gap> gaps = unreached.stream()
        .sorted(Comparator.comparingInt(SlotRange::size).reversed().thenComparingInt(SlotRange::start))
        .limit(LISTED_GAPS).sorted(Comparator.comparingInt(SlotRange::start)).map(this::gap).toList();
    return new CoverageReport(programId, program.sha256(), program.version().name(),
        program.textAddress(), slots, reached.cardinality(), program.instructions().size(),
        pcs.cardinality(), 2 * jumpSlots.length, taken.cardinality() + fallThrough.cardinality(),
        traces, steps, rejected, unreached, gaps);
  }

  private Gap gap(SlotRange r) {
    List<SbpfInstruction> insns = program.instructions();
    int first = firstIndexAtOrAfter(r.start());
    int afterGap = firstIndexAtOrAfter(r.end());
    List<Gap.Line> lines = new ArrayList<>();
    for (int i = Math.max(0, first - CONTEXT_BEFORE); i < first; i++) {
      lines.add(line(insns.get(i)));
    }
    int shown = Math.min(afterGap, first + GAP_LINES);
    for (int i = first; i < shown; i++) {
      lines.add(line(insns.get(i)));
    }
    if (shown < afterGap) {
      SbpfInstruction elided = insns.get(shown);
      lines.add(new Gap.Line(program.address(elided.slot()), elided.slot(), false, ""));
    }
    for (int i = afterGap; i < Math.min(insns.size(), afterGap + CONTEXT_AFTER); i++) {
      lines.add(line(insns.get(i)));
    }
    return new Gap(r, program.address(r.start()), program.address(r.end()),
        program.nearestLabel(r.start()).orElse(""), lines);
  }

  private Gap.Line line(SbpfInstruction i) {
    return new Gap.Line(program.address(i.slot()), i.slot(), reached.get(i.slot()), program.assembly(i));
  }

  private int firstIndexAtOrAfter(int slot) {
    for (int s = slot; s < slotIndex.length; s++) {
      if (slotIndex[s] >= 0) {
        return slotIndex[s];
      }
    }
    return program.instructions().size();
  }
}

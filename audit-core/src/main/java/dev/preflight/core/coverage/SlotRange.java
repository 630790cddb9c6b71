package dev.preflight.core.coverage;

/** Slots {@code start} (inclusive) to {@code end} (exclusive) of a program's {@code .text}. */
public record SlotRange(int start, int end) {
  public SlotRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad slot range " + start + ".." + end);
    }
  }

  public int size() {
    return end - start;
  }

  public boolean contains(int slot) {
    return slot >= start && slot < end;
  }
}

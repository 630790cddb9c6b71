package dev.preflight.core.policy;

/**
 * How far the compute units of a call may move between the deployed binary and an upgrade
 * candidate before the upgrade diff reports it: a change counts when it is larger than both
 * {@code percent} of the deployed figure and {@code units}. The percentage absorbs code-generation
 * noise on heavy calls (a new compiler moves every figure a little); the floor absorbs it on
 * light ones, where a few hundred units are a few percent.
 */
public record CandidateTolerance(int percent, long units) {
  /** 10 % and 2,000 CU: a change under either is what a rebuild of the same source moves. */
  public static final CandidateTolerance DEFAULT = new CandidateTolerance(10, 2_000);

  public CandidateTolerance {
    if (percent < 0 || units < 0) {
      throw new IllegalArgumentException("a tolerance is not negative: " + percent + " %, " + units + " CU");
    }
  }

  /** True when going from {@code deployed} to {@code candidate} units is beyond the tolerance. */
  public boolean exceeded(long deployed, long candidate) {
    long change = Math.abs(candidate - deployed);
    return change > units && change * 100 > (long) percent * deployed;
  }
}

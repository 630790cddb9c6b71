package dev.preflight.core.cluster;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * sava logs unreadable answers (with a stack trace) to {@code java.util.logging}; Preflight
 * reports every such failure itself, in words, as an INCONCLUSIVE result. The library's log is
 * therefore muted, once per JVM and never restored: turning it off and on around each audit raced
 * when two audits ran at once (parallel mojo executions in one build), leaving it on for one run
 * or off for good at random.
 */
public final class SavaLogging {
  /**
   * Held strongly: {@link java.util.logging.LogManager} keeps loggers weakly, and a collected
   * logger would forget its level.
   */
  private static final Logger SAVA = quiet();

  private SavaLogging() {}

  private static Logger quiet() {
    Logger l = Logger.getLogger("software.sava");
    l.setLevel(Level.OFF);
    return l;
  }

  /** Mutes sava's log for the rest of the JVM's life; idempotent and thread-safe. */
  public static void mute() {
    // Class initialization runs quiet() exactly once, under the JVM's initialization lock.
    SAVA.getName();
  }
}

package dev.preflight.core.checklist;

import java.util.List;
import java.util.Locale;

/**
 * A top-level part of the checklist. The seed's four roadmap phases are {@link Kind#ROADMAP}; its
 * immediate action items, security improvements and success metrics are phases of their own kinds
 * so that they get readiness figures the same way.
 */
public record Phase(String id, Kind kind, String title, List<Section> sections) {

  public Phase {
    sections = List.copyOf(sections);
  }

  /** What part of the roadmap a phase comes from. */
  public enum Kind {
    ROADMAP, ACTIONS, SECURITY, METRICS;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}

package dev.preflight.core.checklist;

import java.util.List;

/** A numbered section of a phase ({@code 1.3 Access Control Hardening}) or a priority group. */
public record Section(String id, String title, List<Item> items) {

  public Section {
    items = List.copyOf(items);
  }
}

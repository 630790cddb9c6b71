package dev.preflight.core.coverage;

import java.util.List;

/**
 * A run of never-reached slots, as the report shows it.
 *
 * @param symbol the nearest name at or before the gap ({@code entrypoint+0x40},
 *     {@code fn_2a58+0x10}), or empty when the ELF names nothing before it
 * @param listing the instructions just before the gap, the first of the gap and the first after
 */
public record Gap(SlotRange slots, long startAddress, long endAddress, String symbol,
                  List<Line> listing) {

  public Gap {
    listing = List.copyOf(listing);
  }

  /** One disassembled instruction; {@code text} is empty on the line that stands for elided ones. */
  public record Line(long address, int slot, boolean reached, String text) {}
}

package dev.preflight.core.reactor;

import dev.preflight.core.gate.GateResult;
import java.nio.file.Path;
import java.util.Optional;

/** One module of a build as the aggregate sees it: audited, skipped, or not run. */
public sealed interface ModuleEntry
    permits ModuleEntry.Audited, ModuleEntry.Skipped, ModuleEntry.NotRun {

  /** The module's name as the build knows it (Maven: its artifactId). */
  String module();

  /**
   * A Preflight goal ran in the module: its gate (with the report it was evaluated on) and where
   * its reports were written, if they were.
   */
  record Audited(String module, GateResult gate, Optional<Path> reportDirectory)
      implements ModuleEntry {}

  /** The module was skipped on purpose (a skip switch, no policy): it does not count. */
  record Skipped(String module, ModuleDecision.Reason why, String reason) implements ModuleEntry {}

  /**
   * The module has a policy but no Preflight goal ran in it in this build: its evidence was not
   * gathered, so the combined gate fails (never a silent pass).
   */
  record NotRun(String module, String reason) implements ModuleEntry {}
}

package dev.preflight.checks.support;

import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.idl.Idl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The audited program's IDL, from the policy. */
public final class Idls {
  private Idls() {}

  /** The IDL, or empty when the policy names none. Throws when it is named but unreadable. */
  public static Optional<Idl> of(AuditContext context) {
    Optional<Path> p = context.policy().program().idl();
    if (p.isEmpty()) {
      return Optional.empty();
    }
    Path file = context.resolve(p.get());
    if (!Files.isRegularFile(file)) {
      throw new PreflightException("program.idl: " + file + " does not exist; give the path of "
          + "the program's Anchor IDL (target/idl/<name>.json) or Codama IDL (idl.json).");
    }
    return Optional.of(Idl.load(file));
  }
}

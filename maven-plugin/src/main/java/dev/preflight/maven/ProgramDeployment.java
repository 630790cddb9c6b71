package dev.preflight.maven;

import java.io.File;

/**
 * A program the embedded validator deploys before the audit: {@code <program><id>..</id>
 * <so>..</so><authority>..</authority><loader>..</loader></program>}. No authority makes it
 * immutable. A plain class: Maven injects nested configuration into fields.
 */
public class ProgramDeployment {
  /** The program address (base58). */
  String id;
  /** The program's shared object. */
  File so;
  /** The upgrade authority (base58); omit for an immutable program. */
  String authority;
  /**
   * {@code upgradeable} (the default: the BPF upgradeable loader) or {@code v4} (loader-v4's
   * account layout; the runtime of the embedded validator does not execute it, see the
   * validator's README).
   */
  String loader;

  public ProgramDeployment() {}

  ProgramDeployment(String id, File so, String authority) {
    this.id = id;
    this.so = so;
    this.authority = authority;
  }
}

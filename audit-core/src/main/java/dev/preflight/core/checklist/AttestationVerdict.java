package dev.preflight.core.checklist;

import dev.preflight.core.policy.Policy;
import java.util.Optional;

/**
 * What became of one attestation of the policy: verified (the evidence file exists and hashes to
 * the declared SHA-256) or rejected with the reason. {@code file} is present when the file could
 * be read.
 */
public record AttestationVerdict(Policy.Attestation attestation, State state, String reason,
                                 Optional<FileEvidence> file) {

  /** Whether the attestation holds. */
  public enum State {
    VERIFIED, MISSING_FILE, UNREADABLE, HASH_MISMATCH, UNKNOWN_ITEM, NOT_ATTESTABLE;

    public boolean verified() {
      return this == VERIFIED;
    }
  }

  public String itemId() {
    return attestation.item();
  }

  public boolean verified() {
    return state.verified();
  }
}

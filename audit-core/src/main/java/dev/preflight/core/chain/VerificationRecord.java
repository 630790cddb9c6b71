package dev.preflight.core.chain;

import java.util.List;
import java.util.Objects;
import software.sava.core.accounts.PublicKey;

/**
 * A solana-verify verification record: the {@code BuildParams} account the OtterSec verify program
 * keeps per (uploader, program). Explorers show a program as verified only when the record's
 * {@code signer} is the program's current upgrade authority.
 *
 * @param program the program the record is about ({@code address})
 * @param uploader who wrote it ({@code signer}); the PDA is derived from this key
 * @param version the solana-verify version that wrote it
 * @param gitUrl the repository the build comes from
 * @param commit the commit built
 * @param args the build arguments (e.g. {@code --library-name escrow})
 * @param deploySlot the program's deploy slot the record was written for
 */
public record VerificationRecord(PublicKey program, PublicKey uploader, String version,
                                 String gitUrl, String commit, List<String> args, long deploySlot,
                                 int bump) {
  public VerificationRecord {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(uploader, "uploader");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(gitUrl, "gitUrl");
    Objects.requireNonNull(commit, "commit");
    args = List.copyOf(args);
    if (bump < 0 || bump > 255) {
      throw new IllegalArgumentException("bump is a u8: " + bump);
    }
  }
}

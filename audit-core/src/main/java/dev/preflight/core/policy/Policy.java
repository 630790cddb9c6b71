package dev.preflight.core.policy;

import dev.preflight.core.check.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated policy. Paths are resolved against the policy file's directory. {@code mainnet} makes
 * the policy strict: a single-key upgrade authority fails and inconclusive results fail the gate.
 */
public record Policy(Path source, String project, boolean mainnet, List<ClusterRef> clusters,
                     ProgramRef program, Optional<Governance> governance, List<ConfigRule> rules,
                     List<MintRef> mints, Optional<Ops> ops, Optional<EvidenceFiles> evidence,
                     List<Attestation> attestations, Map<String, String> checkSeverities) {

  public Policy {
    clusters = List.copyOf(clusters);
    rules = List.copyOf(rules);
    mints = List.copyOf(mints);
    attestations = List.copyOf(attestations);
    checkSeverities = Map.copyOf(checkSeverities);
  }

  public ClusterRef primaryCluster() {
    return clusters.getFirst();
  }

  /**
   * A cluster to read. {@code kind} drives explorer links (mainnet-beta, devnet, testnet, localnet,
   * custom); {@code expectedGenesisHash} pins the cluster's identity when given.
   */
  public record ClusterRef(String name, String url, String kind,
                           Optional<String> expectedGenesisHash) {}

  /**
   * The audited program: address, optional IDL, the binary it must match (an expected hash or a
   * local {@code .so}), and whether a security.txt is required.
   */
  public record ProgramRef(String id, Optional<Path> idl, Optional<String> expectedHash,
                           Optional<Path> localSo, boolean requireSecurityTxt) {}

  /**
   * The multisig that must govern upgrades. {@code kind} is {@code squads-v4} or {@code spl-token};
   * {@code address} is the multisig account (for Squads, the multisig PDA, whose vault at {@code
   * vaultIndex} must be the authority).
   */
  public record Governance(String kind, String address, int vaultIndex, int minThreshold,
                           int minMembers, long minTimelockSeconds, boolean allowConfigAuthority) {}

  /**
   * A declarative rule on an IDL-decoded account: compare {@code field} with {@code op} against
   * {@code values} (one value; two for {@code between}; any number for {@code in}).
   */
  public record ConfigRule(String id, String title, AccountSelector account, String field, String op,
                           List<String> values, Severity severity, List<String> checklist,
                           Optional<String> remediation) {
    public ConfigRule {
      values = List.copyOf(values);
      checklist = List.copyOf(checklist);
    }
  }

  /**
   * Which account a rule reads: a fixed address, or a PDA of {@code seeds} under {@code programId}
   * (default: the audited program). Seeds are written {@code "string:config"}, {@code
   * "pubkey:<base58>"}, {@code "u64:7"}, {@code "hex:00ff"}. {@code type} is the IDL account name.
   */
  public record AccountSelector(Optional<String> address, List<String> seeds,
                                Optional<String> programId, String type) {
    public AccountSelector {
      seeds = List.copyOf(seeds);
    }
  }

  /** A mint whose authorities and Token-2022 extensions are checked. */
  public record MintRef(String address, String role, List<String> allowedAuthorities) {
    public MintRef {
      allowedAuthorities = List.copyOf(allowedAuthorities);
    }
  }

  /** Thresholds for the program's recent transactions. */
  public record Ops(int transactions, double maxFailureRate, long maxAverageFeeLamports,
                    Map<String, Long> computeBudget) {
    public Ops {
      computeBudget = Map.copyOf(computeBudget);
    }

    public OptionalLong budgetFor(String instruction) {
      Long b = computeBudget.getOrDefault(instruction, computeBudget.get("default"));
      return b == null ? OptionalLong.empty() : OptionalLong.of(b);
    }
  }

  /** The team's own evidence files: a coverage report and the documents of checklist 3.3. */
  public record EvidenceFiles(Optional<Path> coverageReport, double minCoverage,
                              Map<String, Path> documents) {
    public EvidenceFiles {
      documents = Map.copyOf(documents);
    }
  }

  /** A manual checklist item vouched for by a person, with the evidence file's expected SHA-256. */
  public record Attestation(String item, Path evidence, String sha256, String by, String date) {}
}

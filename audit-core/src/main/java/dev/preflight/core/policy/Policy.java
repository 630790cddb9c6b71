package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A validated policy. Paths are resolved against the policy file's directory. {@code mainnet} makes
 * the policy strict: a single-key upgrade authority fails and inconclusive results fail the gate.
 * {@code rules} holds the user's rules followed by the rules expanded from presets. {@code
 * extensions} holds the sections other components define ({@code fuzz}, {@code report}) as read.
 */
public record Policy(Path source, String project, boolean mainnet, List<ClusterRef> clusters,
                     ProgramRef program, Optional<Governance> governance, List<ConfigRule> rules,
                     List<MintRef> mints, Optional<Ops> ops, Optional<EvidenceFiles> evidence,
                     List<Attestation> attestations, Map<String, Severity> checkSeverities,
                     Map<String, JsonNode> extensions) {

  public Policy {
    clusters = List.copyOf(clusters);
    rules = List.copyOf(rules);
    mints = List.copyOf(mints);
    attestations = List.copyOf(attestations);
    checkSeverities = Map.copyOf(checkSeverities);
    extensions = Map.copyOf(extensions);
  }

  public ClusterRef primaryCluster() {
    return clusters.getFirst();
  }

  /** The severity the policy gives {@code checkId}, if it overrides the default. */
  public Optional<Severity> severityFor(String checkId) {
    return Optional.ofNullable(checkSeverities.get(checkId));
  }

  /** A section defined by another component ({@code fuzz}, {@code report}), as written. */
  public Optional<JsonNode> extension(String section) {
    return Optional.ofNullable(extensions.get(section));
  }

  /**
   * A cluster to read. {@code kind} drives explorer links (mainnet-beta, devnet, testnet, localnet,
   * custom); {@code expectedGenesisHash} pins the cluster's identity when given. {@code url} is the
   * URL with {@code ${env:NAME}} already replaced: show {@link #displayUrl()} instead, since the
   * environment usually carries an API key.
   */
  public record ClusterRef(String name, String url, String kind,
                           Optional<String> expectedGenesisHash) {

    /** The URL without user info, path tokens or query values, for logs and reports. */
    public String displayUrl() {
      try {
        URI u = URI.create(url);
        if (u.getHost() == null) {
          return "<url>";
        }
        String port = u.getPort() < 0 ? "" : ":" + u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() || "/".equals(u.getRawPath())
            ? "" : "/…";
        String query = u.getRawQuery() == null ? "" : "?…";
        return u.getScheme() + "://" + u.getHost() + port + path + query;
      } catch (IllegalArgumentException e) {
        return "<url>";
      }
    }
  }

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
   * A declarative rule on an IDL-decoded account: every condition must hold. A rule from the user
   * usually has one condition; a preset rule can have several (one id covers e.g. both the minimum
   * and the maximum duration). When {@code missing} is present the program has no field for the
   * rule's role (a preset role left unmapped): the rule fails with that explanation without reading
   * anything. {@code preset} names the preset a rule was expanded from.
   */
  public record ConfigRule(String id, String title, AccountSelector account,
                           List<Condition> conditions, Severity severity, List<String> checklist,
                           Optional<String> remediation, Optional<String> preset,
                           Optional<String> missing) {
    public ConfigRule {
      conditions = List.copyOf(conditions);
      checklist = List.copyOf(checklist);
    }
  }

  /**
   * One comparison: the value at {@code field} against {@code values} (one value; two for {@code
   * between}, inclusive; one or more for {@code in}; none for {@code exists}). A field path is
   * dot-separated with optional indexes ({@code limits.max}, {@code admins[0]}); {@code len(path)}
   * is the number of elements of a vector or array. A missing field makes the condition fail.
   */
  public record Condition(String field, Op op, List<Operand> values) {
    public Condition {
      values = List.copyOf(values);
    }

    /** {@code fee_bps <= 1000}, for messages. */
    public String describe() {
      String vs = values.stream().map(Operand::describe).collect(Collectors.joining(", "));
      return switch (op) {
        case EXISTS -> field + " exists";
        case BETWEEN -> field + " between " + vs;
        case IN -> field + " in [" + vs + "]";
        default -> field + " " + op.symbol() + " " + vs;
      };
    }
  }

  /** A comparison operator of a {@link Condition}. */
  public enum Op {
    EQ("=="), NE("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), BETWEEN("between"), IN("in"),
    EXISTS("exists");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Op parse(String text) {
      return Arrays.stream(values()).filter(o -> o.label().equals(text)).findFirst()
          .orElseThrow(() -> new PreflightException("unknown comparison '" + text + "'; use one of "
              + Arrays.stream(values()).map(Op::label).collect(Collectors.joining(", "))));
    }
  }

  /** The right-hand side of a condition: a literal as written, or another field of the account. */
  public sealed interface Operand permits Literal, FieldRef {
    String describe();
  }

  /**
   * A literal as written in the policy ({@code 1000}, {@code false}, a base58 key); it is read
   * according to the IDL type of the field it is compared with, so large integers keep every digit.
   */
  public record Literal(String text) implements Operand {
    public String describe() {
      return text;
    }
  }

  /** Another field of the same account, e.g. {@code len(admins)}. */
  public record FieldRef(String path) implements Operand {
    public String describe() {
      return path;
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

  /**
   * The team's own evidence files: a coverage report and the documents of checklist 3.3 and the
   * emergency playbook of 3.2. {@code documents} keys are {@code api}, {@code integration}, {@code
   * security}, {@code troubleshooting} and {@code playbook}.
   */
  public record EvidenceFiles(Optional<Path> coverageReport, double minCoverage,
                              Map<String, Path> documents) {
    public EvidenceFiles {
      documents = Map.copyOf(documents);
    }
  }

  /**
   * A checklist item vouched for by a person, with the evidence file's expected SHA-256 (lower
   * case). {@code declaredAs} is the evidence path as written in the policy, for reports.
   */
  public record Attestation(String item, Path evidence, String sha256, String by, LocalDate date,
                            String declaredAs) {}
}

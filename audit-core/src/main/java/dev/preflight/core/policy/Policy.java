package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.vocabulary.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated policy. Paths are resolved against the policy file's directory. {@code mainnet} makes
 * the policy strict: a single-key upgrade authority fails and inconclusive results fail the gate.
 * {@code rules} holds the user's rules followed by the rules expanded from presets. {@code
 * extensions} holds the sections other components define ({@code fuzz}, {@code report}) as read.
 * {@code bounds}, {@code accountInvariants} and {@code callInvariants} are the CEL expressions of
 * the {@code fuzz} section, located in the file (compiled against the IDL by {@code
 * dev.preflight.core.expr.Invariants}).
 */
public record Policy(Path source, String project, boolean mainnet, List<ClusterRef> clusters,
                     ProgramRef program, Optional<Governance> governance, List<ConfigRule> rules,
                     List<MintRef> mints, Optional<Ops> ops, Optional<EvidenceFiles> evidence,
                     List<Attestation> attestations, Map<String, Severity> checkSeverities,
                     Map<String, JsonNode> extensions, List<BoundSpec> bounds,
                     List<AccountInvariantSpec> accountInvariants,
                     List<CallInvariantSpec> callInvariants) {

  public Policy {
    clusters = List.copyOf(clusters);
    rules = List.copyOf(rules);
    mints = List.copyOf(mints);
    attestations = List.copyOf(attestations);
    checkSeverities = Map.copyOf(checkSeverities);
    extensions = Map.copyOf(extensions);
    bounds = List.copyOf(bounds);
    accountInvariants = List.copyOf(accountInvariants);
    callInvariants = List.copyOf(callInvariants);
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
   * {@code checks.<id>} as written: the settings of the check that owns that section, which
   * validates and binds them itself ({@code dev.preflight.core.check.CheckSettings}).
   */
  public Optional<JsonNode> checkSection(String checkId) {
    return extension("checks").map(c -> c.get(checkId));
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
   * local {@code .so}), whether a security.txt is required, and an upgrade candidate (a {@code .so}
   * the upgrade diff runs the campaign on beside the deployed one) with its compute tolerance.
   */
  public record ProgramRef(String id, Optional<Path> idl, Optional<String> expectedHash,
                           Optional<Path> localSo, boolean requireSecurityTxt,
                           Optional<Path> candidate, CandidateTolerance candidateTolerance) {

    /** A program without an upgrade candidate. */
    public ProgramRef(String id, Optional<Path> idl, Optional<String> expectedHash,
                      Optional<Path> localSo, boolean requireSecurityTxt) {
      this(id, idl, expectedHash, localSo, requireSecurityTxt, Optional.empty(),
          CandidateTolerance.DEFAULT);
    }

    /** The same program with {@code binary} as its upgrade candidate. */
    public ProgramRef withCandidate(Path binary) {
      return new ProgramRef(id, idl, expectedHash, localSo, requireSecurityTxt, Optional.of(binary),
          candidateTolerance);
    }
  }

  /**
   * The multisig that must govern upgrades. {@code kind} is {@code squads-v4} or {@code spl-token};
   * {@code address} is the multisig account (for Squads, the multisig PDA, whose vault at {@code
   * vaultIndex} must be the authority).
   */
  public record Governance(String kind, String address, int vaultIndex, int minThreshold,
                           int minMembers, long minTimelockSeconds, boolean allowConfigAuthority) {}

  /**
   * A rule on an IDL-decoded account: a CEL expression that must be true. The expression sees the
   * account under {@link #variable()} and each of its fields as a top-level name. Rules written in
   * the older {@code field/op/value} or {@code conditions} form arrive here translated to CEL. When
   * {@code missing} is present the program has no field for the rule's role (a preset role left
   * unmapped): the rule fails with that explanation without reading anything. {@code preset} names
   * the preset a rule was expanded from.
   *
   * @param fields the account's fields shown as evidence and named in the result's subject (so
   *     in its fingerprint), in order: the left-hand field of each condition as written for the
   *     older forms ({@code len(admins)} included), so that existing rules keep their
   *     fingerprints and suppressions; the field paths the expression reads, without the
   *     account's own name in front, for {@code expr}
   */
  public record ConfigRule(String id, AccountSelector account, Expression expr,
                           Optional<String> alias, List<String> fields, Optional<Own> own,
                           Optional<String> preset, Optional<String> missing) {
    public ConfigRule {
      fields = List.copyOf(fields);
    }

    /**
     * The metadata of a rule the project wrote itself: the rule is its own check. A preset's
     * rules carry none: the check that evaluates them declares their id, title, severity and
     * checklist items once, and the preset supplies only the condition and its parameters.
     */
    public record Own(String title, Severity severity, List<String> checklist,
                      Optional<String> remediation) {
      public Own {
        checklist = List.copyOf(checklist);
      }
    }

    /** The name the account has in the expression: {@code as}, else its type in snake_case. */
    public String variable() {
      return alias.orElse(snakeCase(account.type()));
    }

    /** The field paths {@code expr} reads, without the account's own name in front. */
    public static List<String> fieldsRead(Expression expr, String variable) {
      return expr.fieldPaths().stream()
          .map(p -> p.startsWith(variable + ".") ? p.substring(variable.length() + 1) : p)
          .filter(p -> !p.equals(variable)).distinct().toList();
    }
  }

  /** {@code GlobalConfig} to {@code global_config}: how an account type is named in expressions. */
  public static String snakeCase(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean boundary = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
            || Character.isDigit(name.charAt(i - 1))
            || (Character.isUpperCase(name.charAt(i - 1)) && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1))));
        if (boundary && sb.charAt(sb.length() - 1) != '_') {
          sb.append('_');
        }
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A place in the policy file, for problems found after loading (unknown names). */
  public record Where(String file, int line, int column, String path) {
    public SourceProblem problem(String message) {
      return new SourceProblem(file, line, column, path, message);
    }
  }

  /**
   * A fuzz bound: a CEL expression over {@code args} that a call must satisfy to be acceptable.
   * Written as {@code expr}, or translated from {@code arg/min/max}. {@code instruction} empty
   * means every instruction whose arguments the expression can read.
   */
  public record BoundSpec(Optional<String> instruction, Optional<Where> instructionAt,
                          Expression expr, String source) {}

  /**
   * {@code fuzz.invariants.accounts[]}: an expression that holds for every account of IDL type
   * {@code account} in every reached state.
   */
  public record AccountInvariantSpec(String id, String account, Where accountAt,
                                     Optional<String> alias, Expression expr, Severity severity,
                                     Optional<String> title, Optional<String> description,
                                     Optional<String> remediation) {

    public String variable() {
      return alias.orElse(snakeCase(account));
    }
  }

  /**
   * {@code fuzz.invariants.calls[]}: an expression that holds whenever {@code instruction} (every
   * instruction when empty) succeeds.
   */
  public record CallInvariantSpec(String id, Optional<String> instruction,
                                  Optional<Where> instructionAt, Expression expr,
                                  Severity severity, Optional<String> title,
                                  Optional<String> description, Optional<String> remediation) {}

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

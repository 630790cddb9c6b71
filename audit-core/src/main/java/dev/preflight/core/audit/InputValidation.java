package dev.preflight.core.audit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.Elf64;
import dev.preflight.core.fuzz.ScenarioSource;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.gate.Suppressions;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccountItem;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.policy.LocatedYaml;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.report.ReportJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * The pass that runs before any cluster is read: every file the policy or the build names is
 * opened and read the way the audit will read it (the IDL parsed, the {@code .so} checked as an
 * SBPF ELF, the scenario parsed and matched against the IDL, suppressions and the previous report
 * loaded, account files parsed, evidence files present), and the audited program is looked for
 * among the programs the build deploys. Every problem is collected, each located at the key that
 * names the file ({@code preflight.yaml:7:8 program.idl: ...}), and {@link #check()} throws them
 * together: a missing input is the user's mistake, which no {@code mainnet: false} may turn into
 * INCONCLUSIVE results and a passing gate.
 *
 * <pre>{@code
 * InputValidation.of(policy)
 *     .suppressions(Path.of("suppressions.yaml"), Setting.of("pom.xml", "<suppressions>"))
 *     .check();
 * }</pre>
 */
public final class InputValidation {

  /**
   * Where a build setting names an input, for messages: a file and, when known, the 1-based line
   * and column of the key (0 when unknown), and the key ({@code <programs>[0].<so>}).
   */
  public record Setting(String file, int line, int column, String key) {
    public static Setting of(String file, String key) {
      return new Setting(file, 0, 0, key);
    }

    SourceProblem problem(String message) {
      return new SourceProblem(file, line, column, key, message);
    }
  }

  private final Policy policy;
  private Optional<Path> base = Optional.empty();
  private final List<Runnable> buildInputs = new ArrayList<>();
  private final List<SourceProblem> problems = new ArrayList<>();
  private final Set<String> deployed = new LinkedHashSet<>();
  private Optional<Setting> deployedBy = Optional.empty();
  private LocatedYaml located;

  private InputValidation(Policy policy) {
    this.policy = policy;
  }

  /** Validates the files {@code policy} names; add the build's own inputs before {@link #check()}. */
  public static InputValidation of(Policy policy) {
    return new InputValidation(policy);
  }

  /** Shows paths in messages relative to this directory (the project), when they are under it. */
  public InputValidation relativeTo(Path dir) {
    this.base = Optional.of(dir.toAbsolutePath().normalize());
    return this;
  }

  /** A suppressions file (YAML or JSON) the build names. */
  public InputValidation suppressions(Path file, Setting at) {
    buildInputs.add(() -> {
      if (exists(file, at, "a suppressions file (see docs/user-guide.md#suppressions), or remove "
          + "the setting")) {
        guard(at, () -> Suppressions.load(file));
      }
    });
    return this;
  }

  /** A previous {@code preflight-report.json} to compare with. */
  public InputValidation previousReport(Path file, Setting at) {
    buildInputs.add(() -> {
      if (exists(file, at, "the preflight-report.json of an earlier run, or remove the setting")) {
        guard(at, () -> ReportJson.read(file));
      }
    });
    return this;
  }

  /** A snapshot saved by an earlier run, to re-check offline from. */
  public InputValidation snapshot(Path file, Setting at) {
    buildInputs.add(() -> {
      if (exists(file, at, "the preflight-snapshot.json an earlier run wrote next to its "
          + "reports")) {
        guard(at, () -> dev.preflight.core.report.SnapshotJson.read(file));
      }
    });
    return this;
  }

  /** An account file for the embedded validator, in the shape of {@code solana account --output json}. */
  public InputValidation accountFile(Path file, Optional<String> address, Setting at) {
    buildInputs.add(() -> readAccount(file, address, at));
    return this;
  }

  private void readAccount(Path file, Optional<String> address, Setting at) {
    if (!exists(file, at, "an account JSON written by `solana account <address> --output json "
        + "--output-file <file>`")) {
      return;
    }
    try {
      JsonNode n = new ObjectMapper().readTree(Files.readString(file));
      if (n == null || !n.path("account").isObject()) {
        problems.add(at.problem(shown(file) + " is not an account file: expected a JSON object "
            + "with an 'account' member (lamports, data, owner, executable); write it with "
            + "`solana account <address> --output json`"));
        return;
      }
      Optional<String> key = address.or(() -> Optional.ofNullable(n.path("pubkey").textValue()));
      if (key.isEmpty()) {
        problems.add(at.problem(shown(file) + " has no 'pubkey'; give the account's <address>"));
      }
      key.ifPresent(deployed::add);
    } catch (JsonProcessingException e) {
      problems.add(at.problem(shown(file) + syntax(e) + " is not valid JSON: "
          + e.getOriginalMessage()));
    } catch (IOException e) {
      problems.add(at.problem(shown(file) + " cannot be read: " + e.getMessage()));
    }
  }

  /** A directory of account files for the embedded validator. */
  public InputValidation accountDirectory(Path dir, Setting at) {
    buildInputs.add(() -> {
      if (!Files.isDirectory(dir)) {
        problems.add(at.problem(shown(dir) + " is not a directory; give a directory of account "
            + "JSON files, or remove the setting"));
        return;
      }
      try (var files = Files.list(dir)) {
        files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
            .forEach(f -> readAccount(f, Optional.empty(), at));
      } catch (IOException e) {
        problems.add(at.problem(shown(dir) + " cannot be listed: " + e.getMessage()));
      }
    });
    return this;
  }

  /**
   * A program the build deploys into the embedded validator: its {@code .so} must be an SBPF ELF,
   * and together with the others it must include the audited program.
   */
  public InputValidation deployedProgram(String id, Path so, Setting at) {
    deployed.add(id);
    if (deployedBy.isEmpty()) {
      deployedBy = Optional.of(at);
    }
    buildInputs.add(() -> {
      if (exists(so, at, "the program's .so (target/deploy/<name>.so)")) {
        elf(so, at);
      }
    });
    return this;
  }

  /**
   * An upgrade candidate named by the build rather than the policy ({@code -Dpreflight.candidate}):
   * it must be an SBPF ELF.
   */
  public InputValidation candidate(Path so, Setting at) {
    buildInputs.add(() -> {
      if (exists(so, at, "the upgrade candidate's .so (the build you mean to deploy)")) {
        elf(so, at);
      }
    });
    return this;
  }

  /** Every problem found, policy first, then the build's inputs in the order given. */
  public List<SourceProblem> problems() {
    problems.clear();
    located = locate();
    Optional<Idl> idl = idl();
    policy.program().localSo().ifPresent(so -> {
      Setting at = policyKey("/program/binary/so");
      if (exists(so, at, "the .so built from the verified source, or give expectedHash instead")) {
        elf(so, at);
      }
    });
    policy.program().candidate().ifPresent(so -> {
      Setting at = policyKey("/program/candidate");
      if (exists(so, at, "the upgrade candidate's .so (the build you mean to deploy), or remove "
          + "program.candidate")) {
        elf(so, at);
      }
    });
    scenario(idl);
    evidence();
    buildInputs.forEach(Runnable::run);
    deployedProgram();
    return List.copyOf(problems);
  }

  /** Throws every problem at once; returns normally when every input is usable. */
  public void check() {
    List<SourceProblem> found = problems();
    if (!found.isEmpty()) {
      throw new InvalidInputsException(found);
    }
  }

  // ---- policy inputs --------------------------------------------------------------------------

  private Optional<Idl> idl() {
    Optional<Path> file = policy.program().idl();
    if (file.isEmpty()) {
      if (policy.extension("fuzz").isPresent()) {
        problems.add(policyKey("/fuzz").problem("the fuzz campaign builds its calls from the IDL, "
            + "and program.idl is not set; add program.idl (the Anchor or Codama IDL JSON)"));
      }
      return Optional.empty();
    }
    Setting at = policyKey("/program/idl");
    if (!exists(file.get(), at, "the program's IDL (Anchor: target/idl/<name>.json)")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Idl.load(file.get()));
    } catch (PreflightException e) {
      problems.add(at.problem(shown(file.get()) + " is not a usable IDL: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private void scenario(Optional<Idl> idl) {
    JsonNode fuzz = policy.extension("fuzz").orElse(null);
    if (fuzz == null || !fuzz.has("scenario")) {
      return;
    }
    JsonNode given = fuzz.get("scenario");
    Setting at = policyKey("/fuzz/scenario");
    ScenarioSource source;
    if (given.isTextual()) {
      Path file = policyDir().resolve(given.asText()).normalize();
      if (!exists(file, at, "a YAML or JSON file with a 'calls' list (see "
          + "docs/fuzz-scenarios.md)")) {
        return;
      }
      try {
        source = ScenarioSource.read(file, shown(file));
      } catch (PreflightException e) {
        problems.add(at.problem(e.getMessage()));
        return;
      }
    } else {
      source = located != null ? ScenarioSource.inPolicy(located, "/fuzz/scenario")
          : ScenarioSource.inline(given);
    }
    JsonNode scenario = source.root();
    String what = given.isTextual() ? shown(policyDir().resolve(given.asText()).normalize())
        : "the scenario";
    if (scenario == null || !scenario.path("calls").isArray() || scenario.get("calls").isEmpty()) {
      problems.add(at.problem(what + " has no calls: expected a mapping with a non-empty 'calls' "
          + "list, one call per instruction the campaign starts from"));
      return;
    }
    PublicKey programId = programKey();
    idl.ifPresent(i -> {
      try {
        Templates.read(source, i, programId != null ? programId : i.address().orElse(null));
      } catch (PreflightException e) {
        problems.add(at.problem(what + " does not match the IDL " + i.name() + ": "
            + e.getMessage()));
        return;
      }
      unknownNames(scenario.get("calls"), i, what, at);
    });
  }

  /** The audited program's address, when the policy's id is one (a bad id is reported elsewhere). */
  private PublicKey programKey() {
    try {
      return PublicKey.fromBase58Encoded(policy.program().id());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Names the IDL does not have: reading the templates ignores them, so a misspelt optional
   * account or argument would silently not be what the user meant.
   */
  private void unknownNames(JsonNode calls, Idl idl, String what, Setting at) {
    for (int c = 0; c < calls.size(); c++) {
      JsonNode call = calls.get(c);
      Optional<IdlInstruction> ix = idl.instruction(call.path("instruction").asText());
      if (ix.isEmpty()) {
        continue;
      }
      Set<String> accounts = new LinkedHashSet<>();
      names(ix.get().accounts(), accounts);
      Set<String> args = new LinkedHashSet<>();
      ix.get().args().forEach(a -> args.add(a.name()));
      for (String section : List.of("accounts", "args")) {
        Set<String> known = section.equals("accounts") ? accounts : args;
        var it = call.path(section).fieldNames();
        while (it.hasNext()) {
          String name = it.next();
          if (!known.contains(name)) {
            problems.add(at.problem(what + ": calls[" + c + "]." + section + "." + name + " is "
                + "not " + (section.equals("accounts") ? "an account" : "an argument") + " of "
                + ix.get().name() + " in the IDL " + idl.name() + "; use one of " + known));
          }
        }
      }
    }
  }

  private static void names(List<IdlAccountItem> items, Set<String> out) {
    for (IdlAccountItem item : items) {
      switch (item) {
        case IdlAccountItem.Single s -> out.add(s.name());
        case IdlAccountItem.Composite c -> names(c.accounts(), out);
      }
    }
  }

  private void evidence() {
    policy.evidence().ifPresent(ev -> {
      ev.coverageReport().ifPresent(r -> exists(r, policyKey("/evidence/coverage/report"),
          "the coverage report your test run writes (lcov, Cobertura or JaCoCo XML)"));
      for (Map.Entry<String, Path> d : ev.documents().entrySet()) {
        exists(d.getValue(), policyKey("/evidence/documents/" + d.getKey()),
            "the document, or remove the entry until it is written");
      }
    });
    for (int i = 0; i < policy.attestations().size(); i++) {
      Policy.Attestation a = policy.attestations().get(i);
      exists(a.evidence(), policyKey("/attestations/" + i + "/evidence"),
          "the evidence file the attestation vouches for");
    }
  }

  private void deployedProgram() {
    if (deployedBy.isEmpty() || deployed.contains(policy.program().id())) {
      return;
    }
    Setting by = deployedBy.get();
    problems.add(policyKey("/program/id").problem("program " + policy.program().id()
        + " is not among the programs the build deploys into the embedded validator ("
        + String.join(", ", deployed) + ", declared at " + by.problem("").render().strip()
        + "); deploy the audited program there, or correct program.id"));
  }

  // ---- helpers ------------------------------------------------------------------------------

  private boolean exists(Path file, Setting at, String expected) {
    if (Files.isRegularFile(file)) {
      if (!Files.isReadable(file)) {
        problems.add(at.problem(shown(file) + " is not readable; fix its permissions"));
        return false;
      }
      return true;
    }
    problems.add(at.problem(shown(file) + (Files.isDirectory(file) ? " is a directory"
        : " does not exist") + "; give " + expected));
    return false;
  }

  private void elf(Path so, Setting at) {
    try {
      Elf64.parse(Files.readAllBytes(so), shown(so));
    } catch (PreflightException e) {
      problems.add(at.problem(shown(so) + " is not a Solana program: " + e.getMessage()));
    } catch (IOException e) {
      problems.add(at.problem(shown(so) + " cannot be read: " + e.getMessage()));
    }
  }

  private void guard(Setting at, Runnable read) {
    try {
      read.run();
    } catch (PreflightException e) {
      problems.add(at.problem(e.getMessage()));
    }
  }

  private Setting policyKey(String pointer) {
    String file = policy.source() == null ? "policy" : shown(policy.source());
    if (located == null) {
      return new Setting(file, 0, 0, LocatedYaml.displayPath(pointer));
    }
    LocatedYaml.Mark m = located.keyMark(pointer).orElseGet(() -> located.valueMark(pointer));
    return new Setting(file, m.line(), m.column(), LocatedYaml.displayPath(pointer));
  }

  /** The policy's text again, for the positions of its keys; none when it was not read from a file. */
  private LocatedYaml locate() {
    Path src = policy.source();
    if (src == null || !Files.isRegularFile(src)) {
      return null;
    }
    try {
      return LocatedYaml.parse(Files.readString(src), shown(src));
    } catch (IOException | PreflightException e) {
      return null;
    }
  }

  private Path policyDir() {
    Path src = policy.source() == null ? Path.of("policy") : policy.source();
    Path parent = src.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  private static String syntax(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    return l == null || l.getLineNr() <= 0 ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
  }

  private String shown(Path p) {
    return base.map(b -> dev.preflight.core.vocabulary.ShownPath.of(p, b)).orElse(p.toString());
  }
}

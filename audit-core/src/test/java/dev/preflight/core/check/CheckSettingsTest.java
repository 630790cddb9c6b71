package dev.preflight.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.policy.SourceProblem;
import dev.preflight.core.vocabulary.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check's own policy section: bound to its record, every mistake located in the file. */
class CheckSettingsTest {
  private static final String HEAD = """
      project: demo
      clusters:
        - name: devnet
          url: https://api.devnet.solana.com
      program:
        id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf
      """;

  /** The settings of {@link Limited}: a limit, and labels to skip. */
  record Limits(int max, List<String> skip) {
    Limits {
      if (max < 1) {
        throw new IllegalArgumentException("max must be at least 1, not " + max);
      }
      skip = skip == null ? List.of() : List.copyOf(skip);
    }
  }

  @CheckDefinition(id = "demo.limited", title = "Limited", severity = Severity.LOW,
      rationale = "r", remediation = "m")
  static final class Limited implements Check, Configurable<Limits> {
    @Override
    public Class<Limits> settingsType() {
      return Limits.class;
    }

    @Override
    public List<CheckResult> evaluate(AuditContext context) {
      return List.of();
    }
  }

  @CheckDefinition(id = "demo.plain", title = "Plain", severity = Severity.LOW,
      rationale = "r", remediation = "m")
  static final class Plain implements Check {
    @Override
    public List<CheckResult> evaluate(AuditContext context) {
      return List.of();
    }
  }

  static final CheckRegistry REGISTRY = CheckRegistry.of(List.of(new Limited(), new Plain()));

  private static Policy policy(Path dir, String tail) throws IOException {
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, HEAD + tail);
    return new PolicyLoader(name -> Optional.empty()).load(file);
  }

  private static List<String> problems(Policy p) {
    PolicyException e = assertThrows(PolicyException.class,
        () -> CheckSettings.validate(p, REGISTRY));
    return e.problems().stream().map(SourceProblem::render).toList();
  }

  @Test
  void aSectionBindsToItsChecksRecord(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, """
        checks:
          demo.limited:
            max: 3
            skip: [a, b]
        """);
    CheckSettings.validate(p, REGISTRY);
    assertEquals(Optional.of(new Limits(3, List.of("a", "b"))),
        CheckSettings.of(p, new Limited()));
    assertEquals(Optional.empty(), CheckSettings.of(policy(dir, ""), new Limited()));
  }

  @Test
  void everySectionsMistakeIsReportedAtOnceWithItsPlace(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, """
        checks:
          demo.limited:
            max: lots
          demo.plain:
            x: 1
          demo.limitd:
            max: 1
        """);
    String f = dir.resolve("preflight.yaml").toString();
    assertEquals(List.of(
        f + ":9:10 checks.demo.limited.max: expected an integer, got lots",
        f + ":10:3 checks.demo.plain: check 'demo.plain' takes no settings; the checks that own "
            + "a section are: demo.limited",
        f + ":12:3 checks.demo.limitd: no check on the class path has the id 'demo.limitd'; did "
            + "you mean 'demo.limited'?; the checks that own a section are: demo.limited"),
        problems(p));
  }

  @Test
  void theRecordsOwnValidationIsReportedAtTheSection(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, """
        checks:
          demo.limited:
            max: 0
        """);
    assertEquals(List.of(dir.resolve("preflight.yaml") + ":8:3 checks.demo.limited: max must be "
        + "at least 1, not 0"), problems(p));
  }

  @Test
  void anUnknownKeyNamesTheKnownOnes(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, """
        checks:
          demo.limited:
            max: 2
            skipp: [a]
        """);
    assertEquals(List.of(dir.resolve("preflight.yaml") + ":10:5 checks.demo.limited.skipp: "
        + "unknown key 'skipp'; did you mean 'skip'?; expected one of: max, skip"), problems(p));
  }

  @Test
  void aMissingKeyIsNamed(@TempDir Path dir) throws IOException {
    Policy p = policy(dir, """
        checks:
          demo.limited:
            skip: [a]
        """);
    assertEquals(List.of(dir.resolve("preflight.yaml") + ":8:3 checks.demo.limited: missing "
        + "required key 'max' (an integer)"), problems(p));
  }
}

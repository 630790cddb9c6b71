package dev.preflight.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.policy.SourceProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input pass on real files: the reference escrow's IDL and .so pass; a typo, a file that is
 * not JSON, a .so that is not an ELF, a scenario naming an instruction the IDL lacks all fail,
 * every one of them in the same run, at the line and column of the key that names it.
 */
class InputValidationTest {
  private static final Path ROOT = root();
  private static final String PROGRAM = "4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3";

  @TempDir
  Path dir;

  private Policy policy(String program, String extra) throws IOException {
    String text = """
        project: inputs
        clusters:
          - { name: localnet, url: http://127.0.0.1:8899 }
        program:
          id: %s
        %s
        """.formatted(PROGRAM, program.indent(2).stripTrailing()) + extra;
    Path file = dir.resolve("preflight.yaml");
    Files.writeString(file, text);
    return new PolicyLoader().load(file);
  }

  private void copyFixtures() throws IOException {
    Files.copy(ROOT.resolve("fixtures/escrow/idl/escrow.json"), dir.resolve("escrow.json"));
    Files.copy(ROOT.resolve("fixtures/escrow/bin/escrow.so"), dir.resolve("escrow.so"));
  }

  @Test
  void theReferenceEscrowsInputsPass() throws IOException {
    copyFixtures();
    Files.writeString(dir.resolve("scenario.yaml"), """
        calls:
          - instruction: set_emergency_stop
            accounts: { config: %s }
            args: {}
        """.formatted(PROGRAM));
    Policy p = policy("idl: escrow.json\nbinary: { so: escrow.so }",
        "fuzz:\n  scenario: scenario.yaml\n");
    List<SourceProblem> found = InputValidation.of(p).relativeTo(dir)
        .deployedProgram(PROGRAM, dir.resolve("escrow.so"),
            InputValidation.Setting.of("pom.xml", "<programs>[0].<so>"))
        .problems();
    assertEquals(List.of(), found, () -> found.toString());
  }

  @Test
  void everyProblemIsListedAtTheKeyThatNamesTheFile() throws IOException {
    Files.writeString(dir.resolve("not-json.json"), "this is not an IDL");
    Files.writeString(dir.resolve("fake.so"), "#!/bin/sh\necho not a program\n");
    Policy p = policy("idl: not-json.json\nbinary: { so: fake.so }",
        "fuzz:\n  scenario: missing-scenario.yaml\n"
            + "evidence:\n  documents:\n    api: docs/api.md\n");
    InvalidInputsException e = assertThrows(InvalidInputsException.class,
        () -> InputValidation.of(p).relativeTo(dir)
            .suppressions(dir.resolve("suppresions.yaml"),
                InputValidation.Setting.of("command line", "-Dpreflight.suppressions"))
            .check());
    List<String> lines = e.problems().stream().map(SourceProblem::render).toList();
    assertEquals(5, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("preflight.yaml:6:3 program.idl: "
        + "not-json.json is not a usable IDL"), lines.get(0));
    assertTrue(lines.get(1).startsWith("preflight.yaml"
        + ":7:13 program.binary.so: fake.so is not a Solana program"), lines.get(1));
    assertTrue(lines.get(1).contains("is not an ELF file"), lines.get(1));
    assertTrue(lines.get(2).contains(":9:3 fuzz.scenario: missing-scenario.yaml does not exist"),
        lines.get(2));
    assertTrue(lines.get(3).contains(":12:5 evidence.documents.api: docs/api.md does not exist"),
        lines.get(3));
    assertEquals("command line -Dpreflight.suppressions: suppresions.yaml does not exist; give a "
        + "suppressions file (see docs/user-guide.md#suppressions), or remove the setting",
        lines.get(4));
    assertTrue(e.getMessage().startsWith("Preflight did not start: 5 inputs are missing or "
        + "invalid"), e.getMessage());
  }

  @Test
  void aScenarioMustMatchTheIdl() throws IOException {
    copyFixtures();
    Files.writeString(dir.resolve("scenario.json"),
        "{\"calls\": [{\"instruction\": \"buy_tokenz\", \"accounts\": {}, \"args\": {}}]}");
    Policy p = policy("idl: escrow.json", "fuzz:\n  scenario: scenario.json\n");
    List<SourceProblem> found = InputValidation.of(p).relativeTo(dir).problems();
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.getFirst().message().contains("'buy_tokenz' is not an instruction of the IDL"),
        found.toString());
  }

  @Test
  void aMisspeltAccountOrArgumentOfAScenarioCallIsNamed() throws IOException {
    copyFixtures();
    Files.writeString(dir.resolve("scenario.yaml"), """
        calls:
          - instruction: set_emergency_stop
            accounts: { config: %s, confg: %s }
            args: { stop: true }
        """.formatted(PROGRAM, PROGRAM));
    Policy p = policy("idl: escrow.json", "fuzz:\n  scenario: scenario.yaml\n");
    List<String> found = InputValidation.of(p).relativeTo(dir).problems().stream()
        .map(SourceProblem::message).toList();
    assertEquals(List.of(
        "scenario.yaml: calls[0].accounts.confg is not an account of set_emergency_stop in the "
            + "IDL escrow; use one of [config]",
        "scenario.yaml: calls[0].args.stop is not an argument of set_emergency_stop in the IDL "
            + "escrow; use one of []"), found);
  }

  @Test
  void theAuditedProgramMustBeAmongTheDeployedOnes() throws IOException {
    copyFixtures();
    Policy p = policy("idl: escrow.json", "");
    List<SourceProblem> found = InputValidation.of(p).relativeTo(dir)
        .deployedProgram("11111111111111111111111111111111", dir.resolve("escrow.so"),
            new InputValidation.Setting("pom.xml", 30, 15, "<programs>[0].<so>"))
        .problems();
    assertEquals(1, found.size(), found::toString);
    assertEquals("program.id", found.getFirst().path());
    assertTrue(found.getFirst().message().contains("is not among the programs the build deploys"),
        found.toString());
  }

  @Test
  void buildInputsAreReadAsTheAuditWillReadThem() throws IOException {
    copyFixtures();
    Files.writeString(dir.resolve("snapshot.json"), "{\"format\": \"something else\"}");
    Files.writeString(dir.resolve("account.json"), "{\"pubkey\": \"x\"}");
    Policy p = policy("idl: escrow.json", "");
    List<SourceProblem> found = InputValidation.of(p).relativeTo(dir)
        .snapshot(dir.resolve("snapshot.json"), InputValidation.Setting.of("pom.xml", "<snapshot>"))
        .accountFile(dir.resolve("account.json"), Optional.empty(),
            InputValidation.Setting.of("pom.xml", "<accounts>[0].<file>"))
        .accountFile(dir.resolve("gone.json"), Optional.empty(),
            InputValidation.Setting.of("pom.xml", "<accounts>[1].<file>"))
        .problems();
    assertEquals(3, found.size(), found::toString);
    assertEquals("<snapshot>", found.get(0).path());
    assertTrue(found.get(1).message().startsWith("account.json is not an account file"),
        found.toString());
    assertTrue(found.get(2).message().startsWith("gone.json does not exist"), found.toString());
  }

  @Test
  void theAuditChecksItsInputsBeforeReadingAnyCluster() throws IOException {
    // The URL points nowhere: reaching it would be a connection error, not this message.
    Policy p = policy("idl: typo.json", "");
    InvalidInputsException e = assertThrows(InvalidInputsException.class,
        () -> Audit.of(p).run());
    assertTrue(e.getMessage().contains("program.idl: "), e.getMessage());
    assertEquals(Optional.of("program.idl"), e.problems().stream().map(SourceProblem::path)
        .findFirst());
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("fixtures/escrow").toFile().isDirectory()) {
      p = p.getParent();
    }
    return p;
  }
}

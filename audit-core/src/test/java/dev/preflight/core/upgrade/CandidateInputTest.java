package dev.preflight.core.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.InputValidation;
import dev.preflight.core.policy.CandidateTolerance;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.policy.SourceProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code program.candidate} and its tolerance: read from the policy, checked like the binary. */
class CandidateInputTest {

  @TempDir
  Path tmp;

  private Policy policy(String program) throws Exception {
    Path file = tmp.resolve("preflight.yaml");
    Files.writeString(file, """
        project: p
        clusters:
          - name: local
            url: http://127.0.0.1:8899
            kind: localnet
        program:
          id: 4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3
        %s""".formatted(program.indent(2)));
    return new PolicyLoader().load(file);
  }

  @Test
  void candidateAndToleranceAreRead() throws Exception {
    Path so = Path.of(System.getProperty("preflight.root", "../")).resolve("fixtures/escrow/bin/escrow.so");
    Policy p = policy("candidate: " + so.toAbsolutePath() + "\ncandidateTolerance: { percent: 5, units: 300 }");
    assertEquals(so.toAbsolutePath(), p.program().candidate().orElseThrow());
    assertEquals(new CandidateTolerance(5, 300), p.program().candidateTolerance());
    assertEquals(List.of(), InputValidation.of(p).problems());
    assertEquals(CandidateTolerance.DEFAULT, policy("").program().candidateTolerance());
  }

  @Test
  void missingOrNonElfCandidateIsNamedWithItsPlace() throws Exception {
    List<SourceProblem> missing = InputValidation.of(policy("candidate: build/missing.so")).problems();
    assertEquals(1, missing.size(), missing.toString());
    assertEquals(8, missing.getFirst().line());
    assertTrue(missing.getFirst().render().contains("program.candidate"), missing.getFirst().render());
    assertTrue(missing.getFirst().message().contains("does not exist"), missing.getFirst().message());

    Files.writeString(tmp.resolve("notes.so"), "not an elf");
    List<SourceProblem> notElf = InputValidation.of(policy("candidate: notes.so")).problems();
    assertEquals(1, notElf.size(), notElf.toString());
    assertTrue(notElf.getFirst().message().contains("is not a Solana program"), notElf.getFirst().message());
  }

  @Test
  void aCandidateNamedByTheBuildIsCheckedToo() throws Exception {
    List<SourceProblem> found = InputValidation.of(policy("")).relativeTo(tmp)
        .candidate(tmp.resolve("target/deploy/escrow.so"), InputValidation.Setting.of("pom.xml", "-Dpreflight.candidate"))
        .problems();
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.getFirst().render().contains("-Dpreflight.candidate"), found.getFirst().render());
    assertTrue(found.getFirst().message().contains("target/deploy/escrow.so does not exist"), found.getFirst().message());
  }

  @Test
  void toleranceCountsBeyondBoth() {
    CandidateTolerance t = CandidateTolerance.DEFAULT;
    assertTrue(!t.exceeded(5_000, 6_900), "1,900 CU is within 2,000");
    assertTrue(!t.exceeded(40_000, 43_000), "3,000 CU is 7.5 %");
    assertTrue(t.exceeded(20_000, 23_000), "3,000 CU is 15 %");
  }
}

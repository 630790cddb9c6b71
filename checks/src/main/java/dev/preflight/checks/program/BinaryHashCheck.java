package dev.preflight.checks.program;

import dev.preflight.checks.support.ProgramChain;
import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * The deployed code is the code that was reviewed: the on-chain hash (solana-verify's rule) equals
 * the expected hash in the policy, or the hash of a local {@code .so}.
 */
@CheckDefinition(
    id = "program.binary-hash",
    title = "Deployed binary matches the reviewed build",
    severity = Severity.HIGH,
    checklist = {"p4.1.solana-mainnet", "p4.1.verify-explorers"},
    rationale = "An audit covers one binary. If the deployed bytes differ, the audit says nothing "
        + "about what runs.",
    remediation = "Rebuild verifiably (solana-verify build), compare with the deployed program, "
        + "and redeploy the reviewed binary or update the expected hash after review.",
    references = {"https://github.com/Ellipsis-Labs/solana-verifiable-build"})
public final class BinaryHashCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return ProgramChain.needs(context.programId(), cluster);
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    ClusterSnapshot cluster = context.primary();
    String program = context.programId().toBase58();
    Policy.ProgramRef ref = context.policy().program();
    ProgramChain chain = ProgramChain.resolve(context.programId(), cluster);
    if (chain.programHash().isEmpty()) {
      String why = switch (chain) {
        case ProgramChain.Unknown u -> u.reason();
        case ProgramChain.PendingProgramData p -> p.reason();
        case ProgramChain.Missing m -> "no program is deployed at " + program;
        case ProgramChain.NotAProgram n -> n.reason();
        default -> "the program's code could not be read";
      };
      boolean readable = chain instanceof ProgramChain.Missing
          || chain instanceof ProgramChain.NotAProgram;
      return List.of((readable ? info.fail("Cannot hash the deployed binary: " + why + ".")
          : info.inconclusive("Cannot hash the deployed binary: " + why + "."))
          .evidence(chain.evidence()).subject(program, "program hash")
          .genesisHash(cluster.genesisHash()).build());
    }
    String onChain = chain.programHash().get();
    List<Evidence> ev = new ArrayList<>(chain.evidence());
    ev.add(Evidence.cluster(cluster, "on-chain program hash (sha256, solana-verify rule)",
        onChain));
    String expected;
    String source;
    if (ref.expectedHash().isPresent()) {
      expected = ref.expectedHash().get().toLowerCase(Locale.ROOT);
      source = "program.binary.expectedHash";
    } else if (ref.localSo().isPresent()) {
      Path so = context.resolve(ref.localSo().get());
      if (!Files.isRegularFile(so)) {
        return List.of(info.inconclusive("The local binary " + so + " named in "
                + "program.binary.so does not exist; build it first.").evidence(ev)
            .subject(program, "program hash").build());
      }
      try {
        expected = ProgramHash.ofFile(so);
      } catch (PreflightException e) {
        return List.of(info.inconclusive("Cannot hash " + so + ": " + e.getMessage())
            .evidence(ev).subject(program, "program hash").build());
      }
      source = "local build " + so.getFileName();
    } else {
      return List.of(info.notApplicable("No expected hash or local .so in the policy; the "
              + "on-chain hash is " + onChain + ".").evidence(ev)
          .subject(program, "program hash").build());
    }
    ev.add(Evidence.note("expected hash (" + source + ")", expected));
    if (expected.equals(onChain)) {
      return List.of(info.pass("The deployed binary hashes to " + onChain + ", as expected ("
          + source + ").").evidence(ev).subject(program, "program hash").build());
    }
    return List.of(info.fail("The deployed binary hashes to " + onChain + " but " + source
        + " is " + expected + ".").evidence(ev).subject(program, "program hash").build());
  }
}

package dev.preflight.checks.proof;

import dev.preflight.core.check.CheckResult;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.EscrowWorld;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.policy.CandidateTolerance;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.upgrade.UpgradeBaseline;
import dev.preflight.core.upgrade.UpgradeDiff;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Upgrade diffs through the public API ({@link UpgradeDiff#run}) on the fuzz world: the reference
 * escrow.so deployed on an embedded validator, a binary of fixtures/escrow/bin (or a truncated
 * one) as the candidate. A short campaign each: the planted defect of the FAIL fixture shows on a
 * single call.
 */
final class UpgradeFixtures {
  /** Cases, sequences and steps: enough to compare, small enough to keep the table fast. */
  private static final int CASES = 200;
  private static final int SEQUENCES = 10;
  private static final int STEPS = 4;

  private final Path dir;

  UpgradeFixtures(Path dir) {
    this.dir = dir;
  }

  List<CheckResult> run(Fixture f) {
    return switch (f) {
      case UPGRADE_DEFECT -> diff(f, EscrowWorld.binary("escrow-defect-stop-unauthorized"));
      case UPGRADE_CLEAN -> diff(f, EscrowWorld.binary("escrow"));
      case UPGRADE_BROKEN_CANDIDATE -> diff(f, truncated());
      default -> throw new IllegalArgumentException(f + " is not an upgrade fixture");
    };
  }

  /** The reference build cut after its first 512 bytes: an ELF header, no program to load. */
  private Path truncated() {
    try {
      Path broken = dir.resolve("upgrade-broken-candidate.so");
      byte[] elf = Files.readAllBytes(EscrowWorld.binary("escrow"));
      Files.write(broken, Arrays.copyOf(elf, 512));
      return broken;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<CheckResult> diff(Fixture f, Path candidate) {
    EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Path policyFile = dir.resolve("upgrade-" + f.name().toLowerCase() + ".yaml");
      Files.writeString(policyFile, world.policyYaml(CASES, FuzzFixtures.SEED, SEQUENCES, STEPS));
      FuzzRequest campaign = FuzzRequest.of(new PolicyLoader().load(policyFile), v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofSeconds(40));
      return UpgradeDiff.run(new UpgradeDiff.Request(campaign, candidate,
          CandidateTolerance.DEFAULT, UpgradeBaseline.empty(), LocalDate.now()),
          Progress.silent()).results();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

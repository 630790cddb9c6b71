package dev.preflight.checks.proof;

import dev.preflight.core.audit.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.Templates;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz campaigns through the public API ({@link FuzzCampaign#run}) on the fuzz world, each on its
 * own embedded validator running one binary of fixtures/escrow/bin. The defect binaries are the
 * FAIL fixtures of the oracles that catch them (fixtures/escrow/DEFECTS.md).
 */
final class FuzzFixtures {
  /** The seed and case count the defect tests find every planted defect with. */
  static final long SEED = 11;
  static final int CASES = 3_000;

  private final Path dir;

  FuzzFixtures(Path dir) {
    this.dir = dir;
  }

  List<CheckResult> run(Fixture f) {
    return switch (f) {
      case FUZZ_CLEAN -> campaign("escrow", "");
      case FUZZ_UNREACHABLE -> unreachable();
      case FUZZ_FEE_UNCAPPED -> campaign("escrow-defect-fee-uncapped", "  computeBudget: 1000\n");
      case FUZZ_PAUSE_IGNORED -> campaign("escrow-defect-pause-ignored", "");
      case FUZZ_STOP_UNAUTHORIZED -> campaign("escrow-defect-stop-unauthorized", "");
      case FUZZ_PRICE_WRAP -> campaign("escrow-defect-price-wrap", "");
      case FUZZ_TREASURY_UNCHECKED -> campaign("escrow-defect-treasury-unchecked", "");
      case FUZZ_FEE_UNWRAP -> campaign("escrow-defect-fee-unwrap", "");
      default -> throw new IllegalArgumentException(f + " is not a fuzz fixture");
    };
  }

  private List<CheckResult> campaign(String variant, String budgetOverride) {
    FuzzEscrowWorld world = new FuzzEscrowWorld(System.currentTimeMillis() / 1000);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(FuzzEscrowWorld.PROGRAM.toBase58(), FuzzEscrowWorld.binary(variant),
            Optional.of(FuzzEscrowWorld.key("upgrade-authority").toBase58()))
        .start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Policy policy = policy(world, variant, budgetOverride);
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(world.scenario(), world.idl))
          .withMaxTime(Duration.ofMinutes(2)), Progress.silent());
      return report.results();
    }
  }

  private List<CheckResult> unreachable() {
    FuzzEscrowWorld world = new FuzzEscrowWorld(System.currentTimeMillis() / 1000);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Policy policy = policy(world, "unreachable", "");
    return FuzzCampaign.run(FuzzRequest.of(policy, URI.create("http://127.0.0.1:" + port))
        .withTemplates(Templates.read(world.scenario(), world.idl))
        .withMaxTime(Duration.ofSeconds(20)), Progress.silent()).results();
  }

  private Policy policy(FuzzEscrowWorld world, String name, String budgetOverride) {
    String yaml = world.policyYaml(CASES, SEED);
    if (!budgetOverride.isEmpty()) {
      String budget = "  computeBudget: 200000\n";
      if (!yaml.contains(budget)) {
        throw new IllegalStateException("the fuzz world's policy no longer sets " + budget.strip());
      }
      yaml = yaml.replace(budget, budgetOverride);
    }
    try {
      Path file = dir.resolve("fuzz-" + name + ".yaml");
      Files.writeString(file, yaml);
      return new PolicyLoader().load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

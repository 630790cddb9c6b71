package dev.preflight.checks.proof;

import dev.preflight.core.fuzz.EscrowWorld;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.CoverageOptions;
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

  /**
   * The policy invariants of the probed campaigns: one account invariant and two call invariants
   * (docs/policy-reference.md, "invariants"). The reference escrow keeps them all; the
   * slippage-ignored defect breaks price protection; nothing in the scenario ever calls
   * cancel_update, so its invariant is never evaluated.
   */
  static final String INVARIANTS = """
        invariants:
          accounts:
            - id: sale-sold-within-total
              account: Sale
              expr: sale.sold_amount <= sale.total_amount
          calls:
            - id: buy-price-protection
              instruction: buy_tokens
              expr: pre.sale.price <= args.max_price
            - id: cancel-update-clears-pending
              instruction: cancel_update
              expr: "!post.config.pending.active"
      """;

  /** What a campaign runs: the world's scenario and policy, and what a fixture adds to them. */
  private record Setup(String budgetOverride, int sequences, boolean probed, String coverage,
                       boolean traced) {
    Setup(String budgetOverride, int sequences, boolean probed) {
      this(budgetOverride, sequences, probed, "", false);
    }

    /** Single cases only: the defects of most fixtures are found without sequences. */
    static final Setup SINGLE = new Setup("", 0, false);
    /**
     * Stateful sequences, a re-initialization probe in the scenario and the policy's invariants:
     * the evidence the sequence, re-initialization and invariant oracles judge.
     */
    static final Setup PROBED = new Setup("", 300, true);

    /** This setup on a validator that traces on demand, with {@code fuzz.coverage.min}. */
    Setup traced(int min) {
      return new Setup(budgetOverride, sequences, probed, "  coverage: { min: " + min + " }\n", true);
    }

    /** This setup with {@code fuzz.coverage.min} on a validator that cannot trace. */
    Setup untraced(int min) {
      return new Setup(budgetOverride, sequences, probed, "  coverage: { min: " + min + " }\n", false);
    }
  }

  List<CheckResult> run(Fixture f) {
    return switch (f) {
      case FUZZ_CLEAN -> campaign("escrow", Setup.PROBED.traced(30));
      case FUZZ_COVERAGE_SHORT -> campaign("escrow", Setup.SINGLE.traced(99));
      case FUZZ_UNREACHABLE -> unreachable();
      case FUZZ_FEE_UNCAPPED -> campaign("escrow-defect-fee-uncapped",
          new Setup("  computeBudget: 1000\n", 0, false));
      case FUZZ_PAUSE_IGNORED -> campaign("escrow-defect-pause-ignored", Setup.SINGLE.untraced(50));
      case FUZZ_STOP_UNAUTHORIZED -> campaign("escrow-defect-stop-unauthorized", Setup.SINGLE);
      case FUZZ_PRICE_WRAP -> campaign("escrow-defect-price-wrap", Setup.SINGLE);
      case FUZZ_TREASURY_UNCHECKED -> campaign("escrow-defect-treasury-unchecked", Setup.SINGLE);
      case FUZZ_FEE_UNWRAP -> campaign("escrow-defect-fee-unwrap", Setup.SINGLE);
      case FUZZ_CONFIG_REINIT -> campaign("escrow-defect-config-reinit", Setup.PROBED);
      case FUZZ_CREATE_PREFUNDED -> campaign("escrow-defect-create-prefunded", Setup.PROBED);
      case FUZZ_SLIPPAGE_IGNORED -> campaign("escrow-defect-slippage-ignored", Setup.PROBED);
      case UPGRADE_DEFECT, UPGRADE_CLEAN, UPGRADE_BROKEN_CANDIDATE -> new UpgradeFixtures(dir).run(f);
      default -> throw new IllegalArgumentException(f + " is not a fuzz fixture");
    };
  }

  private List<CheckResult> campaign(String variant, Setup setup) {
    EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
    Path traces = dir.resolve("traces-" + variant + "-" + setup.coverage().hashCode());
    EmbeddedValidator.Builder b = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary(variant),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()));
    if (setup.traced()) {
      b.traceOnDemand(traces);
    }
    try (EmbeddedValidator v = b.start(); RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      world.build(rpc);
      Policy policy = policy(world, variant, setup);
      ObjectNode scenario = world.scenario();
      if (setup.probed()) {
        reinitializationProbe(world, scenario);
      }
      FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri())
          .withTemplates(Templates.read(scenario, world.idl))
          .withMaxTime(Duration.ofMinutes(2)), Progress.silent(),
          CoverageOptions.of(policy, setup.traced() ? Optional.of(traces) : Optional.empty()));
      return report.results();
    }
  }

  private List<CheckResult> unreachable() {
    EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Policy policy = policy(world, "unreachable", Setup.SINGLE);
    return FuzzCampaign.run(FuzzRequest.of(policy, URI.create("http://127.0.0.1:" + port))
        .withTemplates(Templates.read(world.scenario(), world.idl))
        .withMaxTime(Duration.ofSeconds(20)), Progress.silent()).results();
  }

  /**
   * initialize_config on the world's config, which exists: the reference refuses it with
   * AccountAlreadyInitialized (the scenario says so), a build that re-initializes rewrites the
   * admin set, threshold and fee with these arguments.
   */
  private static void reinitializationProbe(EscrowWorld world, ObjectNode scenario) {
    ObjectNode init = ((ArrayNode) scenario.get("calls")).addObject()
        .put("instruction", "initialize_config").put("expect", "AccountAlreadyInitialized");
    init.putObject("accounts").put("authority", world.admins[0].toBase58())
        .put("config", world.config.toBase58())
        .put("system_program", EscrowWorld.SYSTEM.toBase58());
    ObjectNode args = init.putObject("args");
    ArrayNode admins = args.putArray("admins");
    for (var admin : world.admins) {
      admins.add(admin.toBase58());
    }
    args.put("min_signatures", 1).put("platform_fee_bps", 0)
        .put("fee_treasury", world.treasury.toBase58()).put("min_sale_duration", 3_600)
        .put("max_sale_duration", 7 * EscrowWorld.DAY).put("max_daily_volume", 10_000);
    args.putArray("payment_mints").add(world.paymentMint.toBase58());
  }

  private Policy policy(EscrowWorld world, String name, Setup setup) {
    String yaml = world.policyYaml(CASES, SEED, setup.sequences());
    if (setup.probed()) {
      // fuzz is the policy's last section: the invariants and initializers belong to it;
      // initialize_config never creates the config that exists, so it is named an initializer
      yaml = yaml + INVARIANTS + "  initializers: [initialize_config, initialize_sale]\n";
    }
    yaml = yaml + setup.coverage();
    String budgetOverride = setup.budgetOverride();
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

package dev.preflight.benchmarks;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.fuzz.FuzzCampaign;
import dev.preflight.core.fuzz.FuzzReport;
import dev.preflight.core.fuzz.FuzzRequest;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Time to the first finding: the example's policy (examples/escrow-readiness), unchanged, run as
 * the plugin runs it against every planted defect build of fixtures/escrow/bin, printing for each
 * the seconds from the start of the campaign to its first finding (as the campaign's progress
 * reports it), the check id, and the whole campaign's time. Then the clean build for comparison.
 *
 * <pre>./mvnw -B -ntp -pl benchmarks -am package -DskipTests -Dinvoker.skip
 * ./mvnw -B -ntp -pl benchmarks exec:exec@first-finding</pre>
 */
public final class FirstFinding {
  private FirstFinding() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    while (!Files.isDirectory(root.resolve("examples/escrow-readiness"))) {
      root = root.getParent();
      if (root == null) {
        throw new IllegalStateException("run inside the repository");
      }
    }
    Path example = root.resolve("examples/escrow-readiness");
    Path bin = root.resolve("fixtures/escrow/bin");
    Properties world = new Properties();
    try (Reader r = Files.newBufferedReader(example.resolve("chain/world.properties"), StandardCharsets.UTF_8)) {
      world.load(r);
    }
    List<Path> builds = new ArrayList<>();
    try (Stream<Path> s = Files.list(bin)) {
      s.filter(p -> p.getFileName().toString().startsWith("escrow-defect-")).sorted().forEach(builds::add);
    }
    builds.add(bin.resolve("escrow.so"));
    System.out.printf("%-44s %12s  %-34s %10s%n", "build", "first (s)", "check id", "campaign (s)");
    for (Path build : builds) {
      Policy policy = new PolicyLoader(n -> Optional.ofNullable(System.getenv(n)),
          n -> n.equals("escrow.binary") ? Optional.of(build.toString()) : Optional.empty())
          .load(example.resolve("preflight.yaml"));
      try (EmbeddedValidator v = EmbeddedValidator.builder()
          .upgradeableProgram(world.getProperty("program"), build, Optional.of(world.getProperty("squads-vault-0")))
          .accountDirectory(example.resolve("chain/accounts"))
          .slotTime(Duration.ZERO)
          .clock(Instant.parse(world.getProperty("now")).getEpochSecond())
          .start()) {
        long[] first = {-1};
        String[] id = {"-"};
        long t0 = System.nanoTime();
        Progress timing = new Progress() {
          @Override
          public void phase(String name) {}

          @Override
          public void info(String message) {
            if (first[0] < 0 && message.startsWith("finding ")) {
              first[0] = System.nanoTime() - t0;
              id[0] = message.substring(8, Math.max(8, message.indexOf(' ', 8)));
            }
          }

          @Override
          public void warn(String message) {}
        };
        FuzzReport report = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri()), timing);
        long total = System.nanoTime() - t0;
        if (first[0] < 0) {
          // a finding only the wiring check or the evidence rule reports carries no progress line
          id[0] = report.results().stream().filter(r -> r.outcome() == Outcome.FAIL)
              .map(CheckResult::checkId).findFirst().orElse("none");
        }
        System.out.printf("%-44s %12s  %-34s %10.1f%n", build.getFileName(),
            first[0] < 0 ? "-" : String.format("%.2f", first[0] / 1e9), id[0], total / 1e9);
      }
    }
  }
}

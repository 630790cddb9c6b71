package dev.preflight.benchmarks;

import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.coverage.CoverageReport;
import dev.preflight.core.coverage.Gap;
import dev.preflight.core.fuzz.CoverageOptions;
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

/**
 * Coverage-guided against blind generation at equal time, on the clean escrow with the example's
 * policy and scenario (examples/escrow-readiness) as the plugin runs them: each mode gets the same
 * time bound for single cases and the same again for sequences (the request's time bound; cases
 * and sequences otherwise unbounded by count). Modes: tracing off (the campaign's speed without
 * coverage), blind with coverage measured ({@code fuzz.coverage.guided: false}), and guided.
 * Prints the slots, program counters and edges each reached, the cases/s of the case loop, what
 * tracing cost, the guided run's largest gaps and, given traces of the Node smoke tests, every run
 * of code only they reach.
 *
 * <pre>./mvnw -B -ntp -pl benchmarks -am package -DskipTests -Dinvoker.skip
 * ./mvnw -B -ntp -pl benchmarks exec:exec@coverage-guided [-DcoverageGuided.seconds=30]</pre>
 */
public final class CoverageGuided {
  private CoverageGuided() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    while (!Files.isDirectory(root.resolve("examples/escrow-readiness"))) {
      root = root.getParent();
      if (root == null) {
        throw new IllegalStateException("run inside the repository");
      }
    }
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    List<String> modes = args.length > 2 ? List.of(args[2].split(",")) : List.of("off", "blind", "guided");
    Path example = root.resolve("examples/escrow-readiness");
    Path build = root.resolve("fixtures/escrow/bin/escrow.so");
    Properties world = new Properties();
    try (Reader r = Files.newBufferedReader(example.resolve("chain/world.properties"), StandardCharsets.UTF_8)) {
      world.load(r);
    }
    Policy policy = new PolicyLoader(n -> Optional.ofNullable(System.getenv(n)),
        n -> n.equals("escrow.binary") ? Optional.of(build.toString()) : Optional.empty())
        .load(example.resolve("preflight.yaml"));
    System.out.printf("clean escrow, example policy and scenario; %d s of single cases + %d s of sequences per mode%n%n",
        seconds, seconds);
    System.out.printf("%-7s %8s %10s %9s %9s %8s %8s %10s%n", "mode", "cases", "cases/s", "sequences",
        "slots", "PCs", "edges", "edges %");
    List<String> notes = new ArrayList<>();
    Optional<Path> smoke = args.length > 3 && !args[3].isBlank() && !args[3].startsWith("$")
        ? Optional.of(Path.of(args[3])) : Optional.empty();
    Optional<CoverageReport> guidedReport = Optional.empty();
    for (String mode : modes) {
      Path traces = Files.createTempDirectory("preflight-traces-");
      EmbeddedValidator.Builder b = EmbeddedValidator.builder()
          .upgradeableProgram(world.getProperty("program"), build, Optional.of(world.getProperty("squads-vault-0")))
          .accountDirectory(example.resolve("chain/accounts"))
          .slotTime(Duration.ZERO)
          .clock(Instant.parse(world.getProperty("now")).getEpochSecond());
      if (!mode.equals("off")) {
        b.traceOnDemand(traces);
      }
      try (EmbeddedValidator v = b.start()) {
        List<String> lines = new ArrayList<>();
        Progress capture = new Progress() {
          @Override
          public void phase(String name) {}

          @Override
          public void info(String message) {
            if (message.startsWith("coverage") || message.contains(" cases in ") || message.matches("sequences: \\d+ run, .* in .*")) {
              lines.add(message);
            }
          }

          @Override
          public void warn(String message) {
            lines.add("warning: " + message);
          }
        };
        CoverageOptions coverage = mode.equals("off") ? CoverageOptions.off()
            : new CoverageOptions(Optional.of(traces), true, mode.equals("guided"));
        FuzzReport r = FuzzCampaign.run(FuzzRequest.of(policy, v.rpcUri()).withMaxCases(100_000_000)
            .withMaxTime(Duration.ofSeconds(seconds)), capture, coverage);
        Optional<CoverageReport> c = r.coverage();
        System.out.printf("%-7s %8d %10.0f %9d %9s %8s %8s %10s%n", mode, r.stats().cases(),
            r.stats().caseLoopPerSecond(), r.stats().sequences(),
            c.map(x -> x.reached() + "").orElse("-"), c.map(x -> x.instructionsReached() + "").orElse("-"),
            c.map(x -> x.edgesReached() + "").orElse("-"), c.map(x -> x.edgePercent() + "").orElse("-"));
        notes.add(mode + ":");
        lines.forEach(l -> notes.add("  " + l));
        if (mode.equals("guided")) {
          guidedReport = c;
        }
        if (mode.equals("guided") && c.isPresent()) {
          notes.add("  of " + c.get().slots() + " slots, " + c.get().instructions() + " instructions, "
              + c.get().edges() + " edges; " + c.get().unreached().size() + " never-reached runs; largest:");
          for (Gap g : c.get().gaps()) {
            notes.add(String.format("    %5d slots at 0x%x (%s)", g.slots().size(), g.startAddress(), g.symbol()));
          }
        }
      } finally {
        try (var s = Files.walk(traces)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    System.out.println();
    notes.forEach(System.out::println);
    if (smoke.isPresent() && guidedReport.isPresent()) {
      // what the Node smoke tests reach (traces kept in a directory) that the guided campaign does not
      CoverageReport s = dev.preflight.core.coverage.Coverage.of(build, smoke.get(),
          software.sava.core.accounts.PublicKey.fromBase58Encoded(world.getProperty("program")));
      dev.preflight.core.coverage.ProgramText text = dev.preflight.core.coverage.ProgramText.read(build);
      CoverageReport g = guidedReport.get();
      System.out.printf("%nsmoke tests: %d slots, %d PCs, %d edges of %d; guided: %d slots, %d PCs, %d edges%n",
          s.reached(), s.instructionsReached(), s.edgesReached(), s.edges(), g.reached(), g.instructionsReached(),
          g.edgesReached());
      List<int[]> runs = new ArrayList<>();
      int start = -1;
      int both = 0;
      for (int slot = 0; slot <= s.slots(); slot++) {
        boolean only = slot < s.slots() && s.reached(slot) && !g.reached(slot);
        if (slot < s.slots() && s.reached(slot) && g.reached(slot)) {
          both++;
        }
        if (only && start < 0) {
          start = slot;
        } else if (!only && start >= 0) {
          runs.add(new int[] {start, slot});
          start = -1;
        }
      }
      int onlySmoke = runs.stream().mapToInt(r -> r[1] - r[0]).sum();
      System.out.printf("reached by both: %d slots; by the smoke tests only: %d slots in %d runs, largest first:%n",
          both, onlySmoke, runs.size());
      runs.sort((x, y) -> Integer.compare(y[1] - y[0], x[1] - x[0]));
      // every run, not the largest few: each one is either reached by a scenario or explained
      for (int[] r : runs) {
        System.out.printf("  %5d slots at 0x%x (%s)%n", r[1] - r[0], text.address(r[0]),
            text.nearestLabel(r[0]).orElse(""));
      }
    }
  }
}

package dev.preflight.core.upgrade;

import dev.preflight.core.check.Evidence;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.Step;
import dev.preflight.core.fuzz.RecordedStep;
import dev.preflight.core.fuzz.Reproducer;
import dev.preflight.core.policy.CandidateTolerance;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The reproducer of a difference, in the shape the campaign's reproducers have: {@code
 * reproducer.*} evidence rows (every step up to the divergent one with both results side by side,
 * then the divergent transaction) and a JUnit 5 test that replays the steps against the validator
 * named by {@code preflight.validator.url} (it must hold the same world; it is saved before and
 * restored after). The test pins the deployed behaviour: it passes on the deployed binary and
 * fails on the candidate while the difference exists.
 */
final class DiffReproducer {
  private DiffReproducer() {}

  static List<Evidence> evidence(Divergence d, long seed) {
    List<Evidence> rows = new ArrayList<>();
    rows.add(Evidence.note("reproducer.seed", Long.toString(seed)));
    rows.add(Evidence.note("reproducer.run", d.run().describe() + (d.run().kind() == RecordedRun.Kind.SEQUENCE
        ? ", step " + (d.step() + 1) + " of " + d.run().steps().size() : "")));
    for (int i = 0; i <= d.step(); i++) {
      RecordedStep s = d.run().steps().get(i);
      rows.add(Evidence.note("reproducer.step[" + i + "]", s.description() + " | deployed: "
          + d.deployed().get(i).summary() + " | candidate: " + d.candidate().get(i).summary()));
    }
    RecordedStep bad = d.run().steps().get(d.step());
    bad.instruction().ifPresent(ix -> rows.add(Evidence.note("reproducer.instruction", ix)));
    rows.add(Evidence.note("reproducer.args", bad.args()));
    if (bad.step() instanceof Step.Transaction t) {
      rows.add(Evidence.note("reproducer.transaction", Base64.getEncoder().encodeToString(t.transaction())));
    }
    rows.add(Evidence.note("reproducer.logs.deployed", String.join("\n", d.deployed().get(d.step()).logs())));
    rows.add(Evidence.note("reproducer.logs.candidate", String.join("\n", d.candidate().get(d.step()).logs())));
    return rows;
  }

  /** A class name for the n-th difference: {@code UpgradeDiff<n>Test}. */
  static String className(int n) {
    return Reproducer.className("upgrade.diff", n);
  }

  static String junitSource(Divergence d, Difference diff, String className, long seed,
                            CandidateTolerance tolerance) {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < d.step(); i++) {
      before.add(stepJson(d.run().steps().get(i).step()));
    }
    RecordedStep bad = d.run().steps().get(d.step());
    StepOutcome dep = d.deployed().get(d.step());
    String condition = condition(diff, bad, dep, tolerance);
    return """
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import java.net.URI;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;
        import org.junit.jupiter.api.Test;

        /**
         * Replays a Preflight upgrade difference: %s
         * deployed: %s | candidate: %s (seed %d, %s).
         * Needs a validator holding the same world; the world is saved before and restored after.
         * Passes while the program behaves as the deployed binary did; fails on the candidate.
         */
        class %s {
          static final String BEFORE = "[%s]";
          static final String STEP = "[%s]";

          @Test
          void behavesAsDeployed() throws Exception {
            String saved = rpc("surfnet_snapshot", "[]");
            String id = saved.replaceAll("(?s).*\\"value\\":\\\\s*\\"?([^\\",}]+)\\"?.*", "$1");
            try {
              if (!BEFORE.equals("[]")) {
                rpc("preflight_executeSteps", "[" + BEFORE + "]");
              }
              String body = rpc("preflight_executeSteps", "[" + STEP + "]");
              assertTrue(body.contains("\\"result\\""), "the steps failed to run: " + body);
              assertTrue(%s, "behaves differently from the deployed binary: " + body);
            } finally {
              rpc("surfnet_revert", "[\\"" + id + "\\"]");
            }
          }

        %s
        }
        """.formatted(comment(diff.title()), comment(diff.deployed()), comment(diff.candidate()), seed,
        comment(d.run().describe()), className, String.join(",", before), stepJson(bad.step()), condition,
        Reproducer.UNITS_HELPER + "\n\n" + Reproducer.RPC_HELPER);
  }

  /** What the deployed binary did at the divergent step, as a test on the response body. */
  private static String condition(Difference diff, RecordedStep bad, StepOutcome dep, CandidateTolerance tolerance) {
    String outcome = dep.success() ? "body.contains(\"\\\"err\\\":null\")"
        : "body.contains(\"" + javaText(dep.errorJson()) + "\")";
    return switch (diff.kind()) {
      case OUTCOME, ERROR -> outcome;
      case COMPUTE -> outcome + " && Math.abs(unitsConsumed(body) - " + dep.units() + "L) <= "
          + Math.max(tolerance.units(), dep.units() * tolerance.percent() / 100) + "L";
      case STATE, TOKEN_DELTA, LAMPORT_DELTA -> {
        StringBuilder sb = new StringBuilder(outcome);
        List<Optional<AccountState>> post = dep.post();
        for (Optional<AccountState> a : post) {
          a.filter(x -> x.data().length > 0).ifPresent(x -> sb.append(" && body.contains(\"")
              .append(Base64.getEncoder().encodeToString(x.data())).append("\")"));
        }
        yield sb.toString();
      }
    };
  }

  /** One step as {@code preflight_executeSteps} takes it, as Java source text. */
  private static String stepJson(Step s) {
    return switch (s) {
      case Step.SetClock c -> "{\\\"clock\\\":{\\\"unixTimestamp\\\":" + c.unixTimestamp() + "}}";
      case Step.Transaction t -> "{\\\"transaction\\\":\\\"" + Base64.getEncoder().encodeToString(t.transaction())
          + "\\\",\\\"watch\\\":[" + String.join(",", t.watch().stream().map(k -> "\\\"" + k.toBase58() + "\\\"").toList()) + "]}";
      default -> throw new IllegalArgumentException("not a recorded step: " + s);
    };
  }

  private static String javaText(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String comment(String s) {
    return s.replace("*/", "* /").replace("\n", " ");
  }
}

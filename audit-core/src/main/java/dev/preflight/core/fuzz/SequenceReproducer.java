package dev.preflight.core.fuzz;

import dev.preflight.core.check.Evidence;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.idl.Idl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The evidence rows of a sequence finding ({@code reproducer.*}: every step with its clock and
 * result, then the breaking call in full) and a JUnit 5 test that replays the steps against the
 * validator named by {@code preflight.validator.url}, which must hold the same world. The test
 * saves the world first and restores it after, and passes when the finding no longer reproduces.
 */
final class SequenceReproducer {
  private SequenceReproducer() {}

  static List<Evidence> evidence(StatefulCampaign.SequenceFinding f, long seed, String programId,
                                 String cluster, Idl idl) {
    List<Evidence> rows = new ArrayList<>();
    rows.add(Evidence.note("reproducer.seed", Long.toString(seed)));
    rows.add(Evidence.note("reproducer.sequence", f.sequence() < 0 ? "corpus" : Long.toString(f.sequence())));
    rows.add(Evidence.note("reproducer.finding", f.reason()));
    rows.add(Evidence.note("reproducer.program", programId));
    for (int i = 0; i < f.executed().size(); i++) {
      SequenceRunner.Executed e = f.executed().get(i);
      String what = switch (e.action()) {
        case Action.Call c -> e.call().map(call -> call.instruction() + " " + call.args().toJson()).orElse("?")
            + (c.fuzzCase().mutations().stream().anyMatch(m -> !(m instanceof Mutation.SetArg))
                ? " with " + c.fuzzCase().describe() : "");
        default -> e.action().describe();
      };
      rows.add(Evidence.note("reproducer.step[" + i + "]", "clock " + Instant.ofEpochSecond(e.clock())
          + " | " + what + " | " + (e.landed() ? "ok" : InstructionStats.errorName(idl, e.simulation()))
          + (i == f.violating() ? " | breaks " + f.checkId() : "")));
    }
    SequenceRunner.Executed bad = f.step();
    bad.call().ifPresent(call -> {
      rows.add(Evidence.note("reproducer.instruction", call.instruction()));
      rows.add(Evidence.note("reproducer.args", call.args().toJson().toString()));
      rows.add(Evidence.note("reproducer.data", HexFormat.of().formatHex(call.data())));
      for (int i = 0; i < call.accounts().size(); i++) {
        CallTemplate.Account a = call.accounts().get(i);
        rows.add(Evidence.note("reproducer.accounts[" + i + "]", a.key().toBase58() + " "
            + (a.signer() ? "signer " : "") + (a.writable() ? "writable " : "readonly ") + a.name()));
      }
    });
    if (bad.action() instanceof Action.Call c) {
      rows.add(Evidence.note("reproducer.mutations", c.fuzzCase().describe()));
    }
    rows.add(Evidence.note("reproducer.transaction", Base64.getEncoder().encodeToString(bad.transaction())));
    rows.add(Evidence.note("reproducer.result", (bad.landed() ? "ok"
        : InstructionStats.errorName(idl, bad.simulation())) + ", " + bad.simulation().unitsConsumed() + " CU"));
    rows.add(Evidence.note("reproducer.logs", String.join("\n", bad.simulation().logs())));
    rows.add(Evidence.note("reproducer.cluster", cluster));
    return rows;
  }

  /** One step as the validator's {@code preflight_executeSteps} takes it, as Java source text. */
  private static String stepJson(SequenceRunner.Executed e) {
    if (e.action() instanceof Action.Warp w) {
      return "{\\\"clock\\\":{\\\"unixTimestamp\\\":" + w.unixTimestamp() + "}}";
    }
    return "{\\\"transaction\\\":\\\"" + Base64.getEncoder().encodeToString(e.transaction()) + "\\\"}";
  }

  static String junitSource(StatefulCampaign.SequenceFinding f, String packageName, String className,
                            long seed) {
    List<String> before = new ArrayList<>();
    for (int i = 0; i < f.violating(); i++) {
      before.add(stepJson(f.executed().get(i)));
    }
    SequenceRunner.Executed bad = f.step();
    List<String> post = new ArrayList<>();
    for (Optional<AccountState> a : bad.simulation().accounts()) {
      a.filter(x -> x.data().length > 0).ifPresent(x -> post.add(Base64.getEncoder().encodeToString(x.data())));
    }
    String condition;
    if (f.checkId().equals(PrefundOracle.ID)) {
      condition = "body.contains(\"\\\"err\\\":null\")";
    } else if (f.checkId().equals(Oracles.FAILURE_MODE)) {
      condition = "!(body.contains(\"ProgramFailedToComplete\") || body.contains(\"ComputationalBudgetExceeded\"))";
    } else if (f.checkId().startsWith("invariant.") || f.checkId().equals(Oracles.CONSERVATION)) {
      // the same post-state is the same violation; any other outcome is not
      StringBuilder sb = new StringBuilder("!body.contains(\"\\\"err\\\":null\")");
      for (String p : post) {
        sb.append(" || !body.contains(\"").append(p).append("\")");
      }
      condition = sb.toString();
    } else {
      condition = "!body.contains(\"\\\"err\\\":null\")";
    }
    String pkg = packageName.isEmpty() ? "" : "package " + packageName + ";\n\n";
    String watch = String.join(",", bad.watch().stream().map(k -> "\\\"" + k.toBase58() + "\\\"").toList());
    return pkg + """
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import java.net.URI;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;
        import org.junit.jupiter.api.Test;

        /**
         * Replays a Preflight sequence finding: %s
         * %s (seed %d, sequence %d, %d steps). Needs a validator holding the same world; the
         * world is saved before and restored after. Passes when the finding no longer reproduces.
         */
        class %s {
          static final String BEFORE = "[%s]";
          static final String STEP = "[{\\"transaction\\":\\"%s\\",\\"watch\\":[%s]}]";

          @Test
          void doesNotReproduce() throws Exception {
            String saved = rpc("surfnet_snapshot", "[]");
            String id = saved.replaceAll("(?s).*\\"result\\":\\\\s*\\"?([^\\",}]+)\\"?.*", "$1");
            try {
              if (!BEFORE.equals("[]")) {
                rpc("preflight_executeSteps", "[" + BEFORE + "]");
              }
              String body = rpc("preflight_executeSteps", "[" + STEP + "]");
              assertTrue(body.contains("\\"result\\""), "the steps failed to run: " + body);
              assertTrue(%s, "finding reproduces: " + body);
            } finally {
              rpc("surfnet_revert", "[\\"" + id + "\\"]");
            }
          }

        %s
        }
        """.formatted(f.checkId(), f.reason().replace("*/", "* /"), seed, f.sequence(), f.actions().size(),
        className, String.join(",", before), Base64.getEncoder().encodeToString(bad.transaction()), watch,
        condition,
        Reproducer.RPC_HELPER);
  }
}

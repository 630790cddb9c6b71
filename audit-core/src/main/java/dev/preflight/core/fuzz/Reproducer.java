package dev.preflight.core.fuzz;

import dev.preflight.core.check.Evidence;
import dev.preflight.core.exec.AccountState;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The evidence rows of a finding ({@code reproducer.*}, shown by the HTML report) and a JUnit 5
 * test that replays it against the validator named by the system property
 * {@code preflight.validator.url} (default {@code http://127.0.0.1:8899}). The test passes when the
 * finding no longer reproduces: the transaction is refused (or, for a compute finding, stays
 * within the budget; for a failure-mode finding, fails with a program error).
 */
public final class Reproducer {

  /**
   * The generated tests' JSON-RPC call to the validator ({@code preflight.validator.url}), one
   * text for every kind of reproducer.
   */
  public static final String RPC_HELPER = """
        static String rpc(String method, String params) throws Exception {
          String url = System.getProperty("preflight.validator.url", "http://127.0.0.1:8899");
          String req = "{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"" + method + "\\",\\"params\\":" + params + "}";
          try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req)).build(), HttpResponse.BodyHandlers.ofString()).body();
          }
        }
      """.stripTrailing();

  /** The generated tests' reading of {@code unitsConsumed} from a simulation's answer. */
  public static final String UNITS_HELPER = """
        static long unitsConsumed(String body) {
          int i = body.indexOf("\\"unitsConsumed\\":");
          if (i < 0) {
            return 0;
          }
          int j = i + 16;
          int k = j;
          while (k < body.length() && Character.isDigit(body.charAt(k))) {
            k++;
          }
          return Long.parseLong(body.substring(j, k));
        }
      """.stripTrailing();

  private Reproducer() {}

  public static List<Evidence> evidence(Finding f, long seed, String programId, String cluster) {
    return evidence(f, seed, programId, cluster, null);
  }

  /** As above; with the IDL, program errors are shown by name ({@code SaleEnded (6027)}). */
  public static List<Evidence> evidence(Finding f, long seed, String programId, String cluster,
                                        dev.preflight.core.idl.Idl idl) {
    List<Evidence> rows = new ArrayList<>();
    rows.add(Evidence.note("reproducer.seed", Long.toString(seed)));
    rows.add(Evidence.note("reproducer.case", f.fromCorpus() ? "corpus" : Long.toString(f.caseNumber())));
    rows.add(Evidence.note("reproducer.finding", f.reason()));
    rows.add(Evidence.note("reproducer.program", programId));
    rows.add(Evidence.note("reproducer.instruction", f.call().instruction()));
    rows.add(Evidence.note("reproducer.args", f.call().args().toJson().toString()));
    rows.add(Evidence.note("reproducer.mutations", f.fuzzCase().describe()));
    rows.add(Evidence.note("reproducer.data", HexFormat.of().formatHex(f.call().data())));
    for (int i = 0; i < f.call().accounts().size(); i++) {
      CallTemplate.Account a = f.call().accounts().get(i);
      rows.add(Evidence.note("reproducer.accounts[" + i + "]", a.key().toBase58() + " "
          + (a.signer() ? "signer " : "") + (a.writable() ? "writable " : "readonly ") + a.name()));
    }
    for (Substitutes.Prepared p : f.setup()) {
      p.setup().ifPresent(s -> rows.add(Evidence.note("reproducer.setup." + s.address().toBase58(),
          "owner " + s.owner().toBase58() + ", " + s.lamports() + " lamports, data "
              + HexFormat.of().formatHex(s.data()))));
    }
    rows.add(Evidence.note("reproducer.transaction", Base64.getEncoder().encodeToString(f.transaction())));
    rows.add(Evidence.note("reproducer.result", (f.simulation().success() ? "ok"
        : idl == null ? f.simulation().errorText() : InstructionStats.errorName(idl, f.simulation()))
        + ", " + f.simulation().unitsConsumed() + " CU"));
    rows.add(Evidence.note("reproducer.logs", String.join("\n", f.simulation().logs())));
    rows.add(Evidence.note("reproducer.cluster", cluster));
    return rows;
  }

  /** A JUnit 5 test class (no dependency beyond the JDK and junit-jupiter-api). */
  public static String junitSource(Finding f, String packageName, String className, long budget,
                                   long seed) {
    StringBuilder setup = new StringBuilder();
    for (Substitutes.Prepared p : f.setup()) {
      if (p.setup().isPresent()) {
        AccountState s = p.setup().get();
        setup.append("    rpc(\"surfnet_setAccount\", \"[\\\"").append(s.address().toBase58())
            .append("\\\",{\\\"lamports\\\":").append(s.lamports()).append(",\\\"data\\\":\\\"")
            .append(HexFormat.of().formatHex(s.data())).append("\\\",\\\"owner\\\":\\\"")
            .append(s.owner().toBase58()).append("\\\"}]\");\n");
      }
    }
    String condition = switch (f.checkId()) {
      case Oracles.COMPUTE -> "!body.contains(\"\\\"err\\\":null\") || unitsConsumed(body) <= " + budget + "L";
      case Oracles.FAILURE_MODE -> "!(body.contains(\"ProgramFailedToComplete\") || body.contains(\"ComputationalBudgetExceeded\"))";
      default -> "!body.contains(\"\\\"err\\\":null\")";
    };
    String pkg = packageName.isEmpty() ? "" : "package " + packageName + ";\n\n";
    return pkg + """
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import java.net.URI;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;
        import org.junit.jupiter.api.Test;

        /**
         * Replays a Preflight finding: %s
         * %s (seed %d, case %s). Passes when it no longer reproduces.
         */
        class %s {
          static final String TX = "%s";

          @Test
          void doesNotReproduce() throws Exception {
        %s    String body = rpc("simulateTransaction", "[\\"" + TX + "\\",{\\"encoding\\":\\"base64\\","
                + "\\"sigVerify\\":false,\\"replaceRecentBlockhash\\":true}]");
            assertTrue(body.contains("\\"result\\""), "simulation failed to run: " + body);
            assertTrue(%s, "finding reproduces: " + body);
          }

        %s
        }
        """.formatted(f.checkId(), f.reason().replace("*/", "* /"), seed,
        f.fromCorpus() ? "corpus" : Long.toString(f.caseNumber()), className,
        Base64.getEncoder().encodeToString(f.transaction()), setup, condition,
        UNITS_HELPER + "\n\n" + RPC_HELPER);
  }

  /** A class name for a finding: {@code Fuzz<CheckId><n>Test}. */
  public static String className(Finding f, int n) {
    return className(f.checkId(), n);
  }

  /** A class name for a finding of {@code checkId}: {@code Fuzz<CheckId><n>Test}. */
  public static String className(String checkId, int n) {
    StringBuilder sb = new StringBuilder("Fuzz");
    for (String part : checkId.split("[.-]")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return sb.append(n).append("Test").toString();
  }
}

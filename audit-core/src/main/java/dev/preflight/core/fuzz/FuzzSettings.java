package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.policy.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The policy's {@code fuzz} section, read. See docs/policy-reference.md for the keys.
 *
 * <p>Bounds are not here: {@code dev.preflight.core.expr.Invariants#bounds()} holds every
 * bound, either form, as CEL.
 *
 * @param boundaryValues numbers the generator tries (with +-1) besides 0, 1 and the type limits:
 *     every integer constant of the config rules' and the bounds' expressions
 */
public record FuzzSettings(long seed, int maxCases, long maxSeconds, OptionalLong computeBudget,
                           List<BigInteger> boundaryValues,
                           List<Exchange> exchanges, Optional<EmergencyStop> emergencyStop,
                           Optional<JsonNode> scenario, Optional<String> scenarioFile,
                           List<String> permissionless, int learnFromTransactions,
                           List<String> campaigns, List<String> callerChosen,
                           List<String> forkAccounts, Sequences sequences,
                           List<String> initializers) {

  public FuzzSettings {
    boundaryValues = List.copyOf(boundaryValues);
    exchanges = List.copyOf(exchanges);
    permissionless = List.copyOf(permissionless);
    campaigns = List.copyOf(campaigns);
    callerChosen = List.copyOf(callerChosen);
    forkAccounts = List.copyOf(forkAccounts);
    initializers = List.copyOf(initializers);
  }

  /**
   * Stateful sequences ({@code fuzz.sequences}): how many, how many steps each, and their own
   * time bound. {@code count} 0 turns them off.
   */
  public record Sequences(int count, int steps, long maxSeconds) {}

  /**
   * A value exchange to check in {@code fuzz.conservation}: what leaves {@code paid} must equal
   * what arrives in {@code received} times the price read from an account field
   * ({@code sale.price}: the call's account {@code sale}, decoded with the IDL, field {@code price}).
   */
  public record Exchange(String instruction, String paid, String received, String priceAccount,
                         String priceField) {}

  /**
   * The emergency stop wiring: the flag (account of the calls, field of its IDL type), the error
   * a paused instruction must return, which instructions it must block and which must keep working,
   * and the governed instruction that lifts it. {@code resumeState} holds top-level fields of the
   * flag's account written before the resume call (a pending, approved, due proposal), since the
   * governed path needs state the stop check cannot guess.
   */
  public record EmergencyStop(String account, String field, String error, List<String> blocked,
                              List<String> allowed, Optional<String> resume,
                              Optional<JsonNode> resumeState) {
    public EmergencyStop {
      blocked = List.copyOf(blocked);
      allowed = List.copyOf(allowed);
    }
  }

  public static FuzzSettings from(Policy policy) {
    JsonNode f = policy.extension("fuzz").orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    List<BigInteger> boundary = new ArrayList<>();
    for (JsonNode b : f.path("bounds")) {
      if (!b.has("arg")) {
        continue; // an 'expr' bound: compiled by dev.preflight.core.expr.Invariants
      }
      number(b.path("min")).ifPresent(boundary::add);
      number(b.path("max")).ifPresent(boundary::add);
    }
    for (Policy.BoundSpec b : policy.bounds()) {
      boundary.addAll(b.expr().integerLiterals());
    }
    for (Policy.ConfigRule rule : policy.rules()) {
      if (rule.missing().isPresent()) {
        continue;
      }
      boundary.addAll(rule.expr().integerLiterals());
    }
    List<Exchange> exchanges = new ArrayList<>();
    for (JsonNode x : f.path("conservation").path("exchanges")) {
      String price = x.path("price").asText();
      int dot = price.indexOf('.');
      exchanges.add(new Exchange(x.path("instruction").asText(), x.path("paid").asText(),
          x.path("received").asText(), dot > 0 ? price.substring(0, dot) : price,
          dot > 0 ? price.substring(dot + 1) : ""));
    }
    Optional<EmergencyStop> stop = Optional.empty();
    JsonNode s = f.path("emergencyStop");
    if (s.isObject()) {
      String flag = s.path("flag").asText("config.emergency_stop");
      int dot = flag.indexOf('.');
      stop = Optional.of(new EmergencyStop(flag.substring(0, Math.max(dot, 0)), flag.substring(dot + 1),
          s.path("error").asText(), strings(s.path("blocked")), strings(s.path("allowed")),
          s.path("resume").isObject() ? text(s.path("resume"), "instruction") : text(s, "resume"),
          s.path("resume").has("state") ? Optional.of(s.path("resume").get("state")) : Optional.empty()));
    }
    OptionalLong budget = f.has("computeBudget") ? OptionalLong.of(f.get("computeBudget").asLong())
        : OptionalLong.empty();
    return new FuzzSettings(f.path("seed").asLong(1), f.path("maxCases").asInt(5_000),
        f.path("maxSeconds").asLong(120), budget, boundary.stream().distinct().toList(),
        exchanges, stop, f.has("scenario") && !f.get("scenario").isTextual()
            ? Optional.of(f.get("scenario")) : Optional.empty(),
        f.path("scenario").isTextual() ? Optional.of(f.get("scenario").asText()) : Optional.empty(),
        strings(f.path("permissionless")), f.path("learnFromTransactions").asInt(0),
        strings(f.path("campaigns")), strings(f.path("callerChosen")),
        strings(f.path("fork").path("accounts")),
        new Sequences(f.path("sequences").path("count").asInt(300),
            f.path("sequences").path("steps").asInt(12),
            f.path("sequences").path("maxSeconds").asLong(60)),
        strings(f.path("initializers")));
  }

  /**
   * True when the caller may pass any account in this position ({@code fuzz.callerChosen} lists
   * {@code instruction.account} or a bare account name), e.g. a transfer's destination.
   */
  public boolean callerChosen(String instruction, String account) {
    return callerChosen.contains(account) || callerChosen.contains(instruction + "." + account);
  }

  /** The compute budget for an instruction: the policy's ops budget first, then fuzz.computeBudget. */
  public OptionalLong budgetFor(Policy policy, String instruction) {
    if (policy.ops().isPresent()) {
      OptionalLong b = policy.ops().get().budgetFor(instruction);
      if (b.isPresent()) {
        return b;
      }
    }
    return computeBudget;
  }

  private static Optional<String> text(JsonNode n, String key) {
    return n.hasNonNull(key) ? Optional.of(n.get(key).asText()) : Optional.empty();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static Optional<BigInteger> number(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    return number(n.asText());
  }

  static Optional<BigInteger> number(String text) {
    String t = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("0x")) {
        return Optional.of(new BigInteger(t.substring(2), 16));
      }
      return Optional.of(new BigInteger(t));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

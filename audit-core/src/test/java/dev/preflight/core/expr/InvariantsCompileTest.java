package dev.preflight.core.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.SourceProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mistakes in expressions are policy errors: located at the file's line and column (the
 * expression's place in the YAML plus the column inside it), saying what is wrong, with a
 * suggestion for a misspelt name.
 */
class InvariantsCompileTest {
  /** Lines of {@link ExprFixtures#policy} before the appended YAML. */
  private static final int HEAD = 7;

  private static List<String> problems(String yaml) {
    PolicyException e = assertThrows(PolicyException.class,
        () -> Invariants.compile(ExprFixtures.policy(yaml), ExprFixtures.IDL));
    return e.problems().stream().map(SourceProblem::render).toList();
  }

  @Test
  void aMisspeltFieldOfAnIdlTypeIsLocatedAndCorrected() {
    List<String> p = problems("""
        fuzz:
          invariants:
            accounts:
              - id: sold-within-total
                account: Sale
                expr: sale.sold_amout <= sale.total_amount
        """);
    // 'expr: ' starts at column 9; 'sale.' is 5 characters, so '.sold_amout' is at column 19
    assertEquals(List.of("preflight.yaml:" + (HEAD + 6) + ":19 "
        + "fuzz.invariants.accounts[0].expr: unknown field 'sold_amout'; did you mean "
        + "'sold_amount'?"), p);
  }

  @Test
  void theSuggestionComesFromTheTypeTheFieldIsReadOn() {
    // Purchase has 'amount'; Sale has 'total_amount' and 'sold_amount' but no 'amount'
    List<String> p = problems("""
        fuzz:
          invariants:
            calls:
              - id: sale-amount
                instruction: buy_tokens
                expr: post.sale.amont > 0 && post.purchase.amont > 0
        """);
    assertEquals(List.of(
        "preflight.yaml:" + (HEAD + 6) + ":24 fuzz.invariants.calls[0].expr: unknown field "
            + "'amont'",
        "preflight.yaml:" + (HEAD + 6) + ":51 fuzz.invariants.calls[0].expr: unknown field "
            + "'amont'; did you mean 'amount'?"), p);
  }

  @Test
  void anUnknownVariableIsLocatedAndCorrected() {
    List<String> p = problems("""
        fuzz:
          invariants:
            calls:
              - id: buy-moves-amount
                instruction: buy_tokens
                expr: "post.sale.sold_amount - pree.sale.sold_amount == args.amount"
        """);
    // the quote is column 15; 'pree' is the 25th character of the expression
    assertEquals(List.of("preflight.yaml:" + (HEAD + 6) + ":40 "
        + "fuzz.invariants.calls[0].expr: unknown name 'pree'; did you mean 'pre'?"), p);
  }

  @Test
  void aTypeErrorSaysWhichOperandsDoNotMeet() {
    List<String> p = problems("""
        fuzz:
          invariants:
            accounts:
              - id: mint-is-a-number
                account: Sale
                expr: sale.token_mint > 5
        """);
    assertEquals(1, p.size());
    String only = p.getFirst();
    assertEquals(true, only.startsWith("preflight.yaml:" + (HEAD + 6) + ":"), only);
    assertEquals(true, only.contains("CEL type error") && only.contains("string")
        && only.contains("int"), only);
  }

  @Test
  void aNonBooleanExpressionIsRefused() {
    List<String> p = problems("""
        fuzz:
          invariants:
            accounts:
              - id: just-a-number
                account: Sale
                expr: sale.sold_amount + 1
        """);
    assertEquals(List.of("preflight.yaml:" + (HEAD + 6) + ":15 fuzz.invariants.accounts[0].expr: "
        + "the expression gives int, expected a bool (true when it holds); compare it with "
        + "something, e.g. 'sale.sold_amount + 1 > 0'"), p);
  }

  @Test
  void aSyntaxErrorIsReportedWhenThePolicyLoads() {
    PolicyException e = assertThrows(PolicyException.class, () -> ExprFixtures.policy("""
        rules:
          - id: config.fee
            account: { seeds: ["string:config"], type: GlobalConfig }
            expr: platform_fee_bps <= <= 1000
        """));
    List<String> p = e.problems().stream().map(SourceProblem::render).toList();
    assertEquals(1, p.size(), p::toString);
    // 'expr: ' at column 5, the value at 11, the second '<=' 20 characters later
    assertEquals(true, p.getFirst().startsWith("preflight.yaml:" + (HEAD + 4) + ":31 rules[0].expr: "
        + "CEL syntax error: extraneous input '<='"), p.getFirst());
  }

  @Test
  void aMultiLineBlockExpressionLocatesTheLineInsideTheBlock() {
    List<String> p = problems("""
        fuzz:
          invariants:
            accounts:
              - id: config-sane
                account: GlobalConfig
                as: config
                expr: |
                  config.admin_count >= config.min_signatures
                    && config.platform_fee_bps <= 1000
                    && config.circuit_breaker.max_daily_volum > 0
        """);
    // the third line of the block: 12 spaces, '&& config.circuit_breaker', then the '.' of
    // '.max_daily_volum' at column 38
    assertEquals(List.of("preflight.yaml:" + (HEAD + 10) + ":38 "
        + "fuzz.invariants.accounts[0].expr: unknown field 'max_daily_volum'; did you mean "
        + "'max_daily_volume'?"), p);
  }

  @Test
  void unknownInstructionsAndAccountTypesAreCorrected() {
    List<String> p = problems("""
        fuzz:
          bounds:
            - { instruction: buy_token, expr: "args.amount > 0" }
          invariants:
            accounts:
              - id: sale-ok
                account: Sal
                expr: "true"
            calls:
              - id: buy-ok
                instruction: buy_tokns
                expr: "true"
        """);
    assertEquals(List.of(
        "preflight.yaml:" + (HEAD + 3) + ":22 fuzz.bounds[0].instruction: unknown instruction "
            + "'buy_token'; did you mean 'buy_tokens'?",
        "preflight.yaml:" + (HEAD + 7) + ":18 fuzz.invariants.accounts[0].account: unknown "
            + "account type 'Sal'; did you mean 'Sale'?",
        "preflight.yaml:" + (HEAD + 11) + ":22 fuzz.invariants.calls[0].instruction: unknown "
            + "instruction 'buy_tokns'; did you mean 'buy_tokens'?"), p);
  }

  @Test
  void aRuleFieldTypoIsCaughtAgainstItsAccountType() {
    List<String> p = problems("""
        rules:
          - id: config.mints
            account: { seeds: ["string:config"], type: GlobalConfig }
            expr: payment_mint_cont >= 1 && payment_mint_count <= 8
          - id: config.old-form
            account: { seeds: ["string:config"], type: GlobalConfig }
            field: platform_fee_bp
            op: lte
            value: 1000
        """);
    assertEquals(List.of(
        "preflight.yaml:" + (HEAD + 4) + ":11 rules[0].expr: unknown name 'payment_mint_cont'; "
            + "did you mean 'payment_mint_count'?",
        "preflight.yaml:" + (HEAD + 7) + ":5 rules[1].field: unknown name 'platform_fee_bp'; "
            + "did you mean 'platform_fee_bps'?"), p);
  }
}

package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One seed reproduces a campaign case for case; the cases reach the policy's boundaries. */
class CaseGeneratorTest {

  final EscrowWorld world = new EscrowWorld(1_800_000_000L);
  final List<CallTemplate> templates = Templates.read(world.scenario(), world.idl);
  final Substitutes none = Substitutes.empty(Substitutes.derive(1, "stranger"));
  final List<BigInteger> boundary = List.of(BigInteger.valueOf(1000), BigInteger.valueOf(3600),
      BigInteger.valueOf(2_592_000));

  List<String> campaign(long seed, int n) {
    CaseGenerator gen = new CaseGenerator(world.idl, templates, none, boundary, List.of(), seed);
    CaseRunner runner = new CaseRunner(world.idl, EscrowWorld.PROGRAM, Substitutes.derive(1, "payer"), templates, java.util.Set.of());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FuzzCase c = gen.generate(i);
      try {
        out.add(HexFormat.of().formatHex(runner.transaction(runner.call(c))));
      } catch (RuntimeException e) {
        out.add("unencodable " + c.describe());
      }
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameCasesAndCaseNIsIndependentOfTheOthers() {
    List<String> a = campaign(42, 500);
    assertEquals(a, campaign(42, 500));
    assertNotEquals(a, campaign(43, 500));
    CaseGenerator gen = new CaseGenerator(world.idl, templates, none, boundary, List.of(), 42);
    assertEquals(gen.generate(377), new CaseGenerator(world.idl, templates, none, boundary, List.of(), 42).generate(377));
  }

  @Test
  void argumentsReachTheBoundsAndTheirNeighbours() {
    CaseGenerator gen = new CaseGenerator(world.idl, templates, none, boundary, List.of(), 9);
    java.util.Set<String> seen = new java.util.HashSet<>();
    int signerCases = 0;
    for (int i = 0; i < 5_000; i++) {
      FuzzCase c = gen.generate(i);
      for (Mutation m : c.mutations()) {
        if (m instanceof Mutation.SetArg s) {
          seen.add(Values.text(s.value()));
        }
        if (m.strikesSigner()) {
          signerCases++;
        }
      }
    }
    for (String v : List.of("999", "1000", "1001", "3599", "3600", "3601", "0", "1", "18446744073709551615")) {
      assertTrue(seen.contains(v) || seen.contains("\"" + v + "\""), "never generated " + v);
    }
    assertTrue(signerCases > 500, "signer mutations: " + signerCases);
  }
}

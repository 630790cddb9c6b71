package dev.preflight.checks.proof;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.expr.Invariants;
import dev.preflight.core.fuzz.FuzzCampaign;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check id the registry declares has a fixture on real bytes that makes it FAIL, one that
 * makes it PASS, and one that makes it INCONCLUSIVE or NOT_APPLICABLE (check-fixtures.txt). The
 * ids come from the registry, never from a list here: a newly registered id without its fixtures
 * fails, naming the id and the missing outcome.
 */
class EveryCheckCanFailTest {

  /** What each id must be shown to produce. */
  enum Required {
    FAIL(o -> o == Outcome.FAIL),
    PASS(o -> o == Outcome.PASS),
    INCONCLUSIVE_OR_NOT_APPLICABLE(o -> o == Outcome.INCONCLUSIVE || o == Outcome.NOT_APPLICABLE);

    final Predicate<Outcome> satisfiedBy;

    Required(Predicate<Outcome> satisfiedBy) {
      this.satisfiedBy = satisfiedBy;
    }
  }

  /** The ids the policy's fuzz.invariants declare: invariant.<id>. */
  static final String INVARIANT_FAMILY = Invariants.CHECK_PREFIX + FixtureTable.FAMILY;

  @TempDir
  static Path dir;

  /**
   * Every id of the registry (state checks, config presets, fuzz oracles, wiring), and the
   * policy's invariants as one family ({@code invariant.*}: their ids are whatever
   * {@code fuzz.invariants} declares, so rows for the family prove the oracle behind them).
   */
  static List<String> registeredIds() {
    Set<String> ids = new LinkedHashSet<>();
    ids.addAll(CheckRegistry.load(EveryCheckCanFailTest.class.getClassLoader()).ids());
    ids.add(INVARIANT_FAMILY);
    return List.copyOf(ids);
  }

  @TestFactory
  Stream<DynamicNode> everyRegisteredIdFailsPassesAndIsInconclusiveOnRealBytes() {
    List<String> ids = registeredIds();
    List<FixtureTable.Row> rows = FixtureTable.load();
    Map<Fixture, Result> results = runFixtures(rows);
    List<DynamicNode> nodes = new ArrayList<>();
    for (String id : ids) {
      List<FixtureTable.Row> mine = rows.stream().filter(r -> r.matches(id)).toList();
      List<DynamicNode> tests = new ArrayList<>();
      for (Required req : Required.values()) {
        List<FixtureTable.Row> proving = mine.stream()
            .filter(r -> req.satisfiedBy.test(r.outcome())).toList();
        tests.add(DynamicTest.dynamicTest(req.name(), () -> {
          if (proving.isEmpty()) {
            fail(id + ": no fixture gives " + req.name().replace('_', ' ') + "; add a row for "
                + id + " to " + FixtureTable.RESOURCE + " with a fixture on real bytes");
          }
          List<FixtureTable.Row> real = proving.stream().filter(r -> r.fixture().isPresent())
              .toList();
          real.forEach(r -> assertProduces(r, results.get(r.fixture().get())));
          Assumptions.assumeFalse(real.isEmpty(), () -> id + ": not yet proven to give "
              + req.name() + ": " + proving.getFirst().note());
        }));
      }
      // Rows beyond the three required outcomes (e.g. MANUAL) are checked too.
      mine.stream().filter(r -> r.fixture().isPresent()
              && Stream.of(Required.values()).noneMatch(q -> q.satisfiedBy.test(r.outcome())))
          .forEach(r -> tests.add(DynamicTest.dynamicTest(r.outcome().name(),
              () -> assertProduces(r, results.get(r.fixture().get())))));
      nodes.add(DynamicContainer.dynamicContainer(id, tests));
    }
    nodes.add(DynamicTest.dynamicTest("every row names a registered id", () -> {
      List<String> stale = rows.stream().filter(r -> ids.stream().noneMatch(r::matches))
          .map(FixtureTable.Row::toString).toList();
      assertTrue(stale.isEmpty(), "rows for ids nobody registers: " + stale);
    }));
    return nodes.stream();
  }

  private static void assertProduces(FixtureTable.Row row, Result result) {
    Fixture f = row.fixture().orElseThrow();
    if (result.error() != null) {
      throw new AssertionError(row + ": fixture " + f + " (" + f.description + ") could not run: "
          + result.error(), result.error());
    }
    List<CheckResult> ofId = result.results().stream().filter(r -> row.matches(r.checkId()))
        .toList();
    assertFalse(ofId.isEmpty(), row + ": fixture " + f + " produced no result for " + row.id()
        + "; ids present: " + result.results().stream().map(CheckResult::checkId).distinct()
        .toList());
    assertTrue(ofId.stream().anyMatch(r -> r.outcome() == row.outcome()
            && r.message().contains(row.note())), () -> row + ": fixture " + f + " ("
        + f.description + ") gave " + ofId.stream().map(r -> r.outcome() + " (" + r.message()
        + ")").collect(Collectors.joining("; ")));
  }

  /** What a fixture produced, or why it could not run. */
  record Result(List<CheckResult> results, Throwable error) {}

  /**
   * Runs every fixture the rows name, once each, in {@link Fixture} order: the state fixtures
   * change one world as they go, so they cannot run in the order the tests are reported.
   */
  private static Map<Fixture, Result> runFixtures(List<FixtureTable.Row> rows) {
    Set<Fixture> wanted = rows.stream().flatMap(r -> r.fixture().stream())
        .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Fixture.class)));
    Map<Fixture, Result> out = new EnumMap<>(Fixture.class);
    if (wanted.stream().anyMatch(f -> !f.fuzz())) {
      try (StateFixtures state = new StateFixtures(dir)) {
        for (Fixture f : wanted) {
          if (!f.fuzz()) {
            out.put(f, attempt(() -> state.run(f), f));
          }
        }
      }
    }
    FuzzFixtures fuzz = new FuzzFixtures(dir);
    for (Fixture f : wanted) {
      if (f.fuzz()) {
        out.put(f, attempt(() -> fuzz.run(f), f));
      }
    }
    return out;
  }

  private static Result attempt(java.util.function.Supplier<List<CheckResult>> run, Fixture f) {
    long t0 = System.nanoTime();
    try {
      List<CheckResult> rs = run.get();
      System.out.printf("fixture %-26s %5.1f s  %s%n", f, (System.nanoTime() - t0) / 1e9,
          rs.stream().filter(r -> !r.checkId().startsWith("attestation."))
              .map(r -> r.checkId() + "=" + r.outcome()).distinct()
              .collect(Collectors.joining(" ")));
      return new Result(rs, null);
    } catch (RuntimeException | AssertionError e) {
      System.out.printf("fixture %-26s could not run: %s%n", f, e);
      return new Result(List.of(), e);
    }
  }
}

package dev.preflight.core.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleDecisionTest {
  @TempDir
  Path dir;

  private static List<SkipFlag> flags(boolean all, boolean goal) {
    return List.of(new SkipFlag("preflight.skip", all), new SkipFlag("preflight.check.skip", goal));
  }

  @Test
  void theBroadestSetSwitchIsNamed() throws IOException {
    Path policy = Files.writeString(dir.resolve("preflight.yaml"), "project: p\n");
    var d = ModuleDecision.decide("check", flags(true, true), new PolicyLocation(policy, false,
        true));
    assertEquals(new ModuleDecision.Skip("check", ModuleDecision.Reason.SKIP_FLAG,
        "preflight.skip"), d);
    assertEquals("Preflight check skipped (preflight.skip)", ((ModuleDecision.Skip) d).message());
    d = ModuleDecision.decide("check", flags(false, true), new PolicyLocation(policy, false, true));
    assertEquals("Preflight check skipped (preflight.check.skip)",
        ((ModuleDecision.Skip) d).message());
    assertInstanceOf(ModuleDecision.Run.class, ModuleDecision.decide("check", flags(false, false),
        new PolicyLocation(policy, false, true)));
  }

  @Test
  void aModuleWithoutAPolicyAtTheDefaultPlaceIsSkipped() {
    var d = ModuleDecision.decide("check", flags(false, false),
        new PolicyLocation(dir.resolve("preflight.yaml"), false, true));
    var skip = assertInstanceOf(ModuleDecision.Skip.class, d);
    assertEquals(ModuleDecision.Reason.NO_POLICY, skip.reason());
    assertEquals("Preflight check skipped: this module has no policy (no preflight.yaml next to "
        + "its pom; write one, or set preflight.policy, to audit it)", skip.message());
  }

  @Test
  void aNamedPolicyThatDoesNotExistIsLeftToFailAsAnInputMistake() {
    assertInstanceOf(ModuleDecision.Run.class, ModuleDecision.decide("check", flags(false, false),
        new PolicyLocation(dir.resolve("missing.yaml"), true, true)));
  }

  @Test
  void withoutAProjectThePolicyIsTheWholeInputAndItsAbsenceFails() {
    assertInstanceOf(ModuleDecision.Run.class, ModuleDecision.decide("report",
        flags(false, false), new PolicyLocation(dir.resolve("preflight.yaml"), false, false)));
  }
}

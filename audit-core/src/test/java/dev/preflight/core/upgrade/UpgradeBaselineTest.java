package dev.preflight.core.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline file reads like a suppressions file, with its own list key and label field. */
class UpgradeBaselineTest {
  @TempDir Path dir;

  @Test
  void readsAcceptedDifferencesWithTheirLines() throws Exception {
    Path f = Files.writeString(dir.resolve("baseline.yaml"), """
        version: 1
        accepted:
          - fingerprint: "B8812476BB4BCDDC9CEC1AD06FBE1F65"
            difference: "set_emergency_stop: outcome"
            reason: "v2 lets any admin stop"
            owner: alice@example.com
            expires: 2027-01-31
        """);
    UpgradeBaseline b = UpgradeBaseline.load(f, "baseline.yaml");
    UpgradeBaseline.Accepted a = b.find("b8812476bb4bcddc9cec1ad06fbe1f65").orElseThrow();
    assertEquals(Optional.of("set_emergency_stop: outcome"), a.difference());
    assertEquals(LocalDate.of(2027, 1, 31), a.expires());
    assertEquals("baseline.yaml:3", a.source());
    assertTrue(a.activeOn(LocalDate.of(2027, 1, 31)) && !a.activeOn(LocalDate.of(2027, 2, 1)));
  }

  @Test
  void aBadEntryIsNamedWithFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("baseline.yaml"), """
        version: 1
        accepted:
          - fingerprint: "xyz"
            reason: r
            owner: o
            expires: 2027-01-31
          - checkId: fuzz.conservation
        """);
    PreflightException e = assertThrows(PreflightException.class,
        () -> UpgradeBaseline.load(f, "baseline.yaml"));
    assertTrue(e.getMessage().startsWith("baseline.yaml:3: accepted[0].fingerprint 'xyz' is not "
        + "a fingerprint"), e.getMessage());
    Files.writeString(f, "version: 1\naccepted:\n  - checkId: fuzz.conservation\n");
    e = assertThrows(PreflightException.class, () -> UpgradeBaseline.load(f, "baseline.yaml"));
    assertTrue(e.getMessage().contains("accepted[0].checkId is not a known field; use fingerprint, "
        + "difference, reason, owner, expires"), e.getMessage());
  }
}

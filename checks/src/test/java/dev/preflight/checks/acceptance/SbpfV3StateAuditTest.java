package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.support.RegistryIds;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.chain.Elf64;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.Policy;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.fixtures.escrow.EscrowProgram.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state audit on the reference escrow built for SBPF v3 ({@code escrow-v3.so}, ELF e_flags 3),
 * deployed under the upgradeable loader (its market built by real transactions, so the v3 code
 * runs) and, in the same validator, under loader-v4: every state check passes as on v0, the
 * program hash is the one solana-verify prints for the file, and security.txt is found although
 * the v3 ELF has no section table.
 */
class SbpfV3StateAuditTest {

  @TempDir
  Path dir;

  /** solana-verify's rule, computed here on its own: SHA-256 without the trailing zero bytes. */
  static String solanaVerifyHash(byte[] bytes) throws Exception {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(bytes, 0, end);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String evidence(CheckResult c, String field) {
    return c.evidence().stream().filter(e -> e.field().equals(field)).map(Evidence::value)
        .findFirst().orElseThrow(() -> new AssertionError(c.checkId() + " has no evidence '"
            + field + "': " + c.evidence()));
  }

  private static void print(String title, AuditResult r) {
    System.out.println("-- " + title);
    for (CheckResult c : r.results()) {
      System.out.printf("%-28s %-14s %s%n", c.checkId(), c.outcome(), c.message());
    }
  }

  @Test
  void theV3BuildPassesTheStateAuditUnderTheUpgradeableLoaderAndLoaderV4() throws Exception {
    Path so = EscrowProgram.binary(Variant.CLEAN_V3);
    byte[] file = Files.readAllBytes(so);
    Elf64 elf = Elf64.parse(file, so.toString());
    assertEquals(3, elf.flags(), "escrow-v3.so is SBPF v3");
    assertTrue(elf.sections().isEmpty(), "the v3 ELF has no section table");
    String expectedHash = solanaVerifyHash(file);
    assertNotEquals(solanaVerifyHash(Files.readAllBytes(EscrowProgram.binary(Variant.CLEAN))),
        expectedHash, "v0 and v3 are different binaries");

    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good(), Variant.CLEAN_V3, true)) {
      Policy v3 = w.policy(Files.createDirectories(dir.resolve("v3")), "");
      AuditResult upgradeable = Audit.of(v3).run();
      print("upgradeable loader", upgradeable);
      StateAuditAcceptanceTest.assertEveryStateCheckHolds(upgradeable, v3);
      CheckResult hash = upgradeable.result("program.binary-hash");
      assertEquals(expectedHash, evidence(hash, "on-chain program hash (sha256, solana-verify rule)"));
      assertEquals(w.vault.toBase58(), evidence(upgradeable.result("program.upgrade-authority"),
          "upgrade_authority"));
      Map<String, String> txt = securityTxtEvidence(upgradeable.result("program.security-txt"));
      assertEquals("Preflight Reference Token-Sale Escrow", txt.get("name"), txt.toString());
      assertTrue(txt.containsKey("contacts") && txt.containsKey("policy"), txt.toString());

      // The same bytes under loader-v4: one account, 48-byte header, then the ELF.
      AuditResult v4 = Audit.of(w.policyFor(Files.createDirectories(dir.resolve("v4")),
          w.loaderV4Program.orElseThrow(), "")).run();
      print("loader-v4", v4);
      // every check of the program family that passed under the upgradeable loader passes here
      // (the family from the registry, not a list typed here)
      Set<String> programChecks = RegistryIds.family("program.").stream()
          .filter(id -> upgradeable.outcome(id) == Outcome.PASS)
          .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(programChecks.contains("program.security-txt"), programChecks.toString());
      for (String id : programChecks) {
        assertEquals(Outcome.PASS, v4.outcome(id), id + ": " + v4.result(id).message());
      }
      assertEquals(expectedHash, evidence(v4.result("program.binary-hash"),
          "on-chain program hash (sha256, solana-verify rule)"));
      CheckResult authority = v4.result("program.upgrade-authority");
      assertEquals("DEPLOYED", evidence(authority, "loader-v4 status"));
      assertEquals(w.vault.toBase58(), evidence(authority, "loader-v4 authority"));
      assertEquals(txt, securityTxtEvidence(v4.result("program.security-txt")));
    }
  }

  private static Map<String, String> securityTxtEvidence(CheckResult c) {
    return c.evidence().stream().filter(e -> e.field().startsWith("security.txt "))
        .collect(Collectors.toMap(e -> e.field().substring("security.txt ".length()),
            Evidence::value, (a, b) -> a, java.util.TreeMap::new));
  }
}

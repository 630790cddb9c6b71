package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.checks.support.RegistryIds;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.chain.OtterVerify;
import dev.preflight.core.chain.SquadsSpendingLimit;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.report.ReportJson;
import dev.preflight.core.report.SnapshotJson;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.fixtures.escrow.EscrowProgram;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.sava.core.accounts.PublicKey;

/**
 * The governance and verification checks on the embedded validator running the reference escrow,
 * with the accounts of {@link GovernanceFixtures} written by cheatcode: the verified-build record
 * (PASS by the vault, FAIL by another uploader or absent), pending upgrades and reconfigurations
 * (early warnings with status, approvals and release time), spending limits (PASS, FAIL,
 * INCONCLUSIVE), members without a vote, the lowered mainnet baseline, and an offline replay.
 */
class GovernanceAcceptanceTest {

  @TempDir
  Path dir;

  private static CheckResult audit(EscrowWorld w, Path dir, String id, List<String> warnings) {
    Policy policy = w.policy(dir, "");
    AuditResult r = Audit.of(policy).progress(capture(warnings)).run();
    CheckResult c = r.result(id);
    System.out.println(id + " " + c.outcome() + ": " + c.message());
    return c;
  }

  private static CheckResult audit(EscrowWorld w, Path dir, String id) {
    return audit(w, dir, id, new ArrayList<>());
  }

  private static Progress capture(List<String> warnings) {
    return new Progress() {
      @Override
      public void phase(String name) {}

      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {
        warnings.add(message);
      }
    };
  }

  private static String field(CheckResult c, String field) {
    return c.evidence().stream().filter(e -> e.field().equals(field)).map(Evidence::value)
        .findFirst().orElseThrow(() -> new AssertionError("no evidence " + field + " in "
            + c.evidence().stream().map(Evidence::field).toList()));
  }

  // ---- program.verified-build ---------------------------------------------------------------

  @Test
  void aRecordByTheVaultPassesAndNamesRepositoryAndCommit() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.verificationRecordByAuthority(w);
      CheckResult c = audit(w, dir, "program.verified-build");
      assertEquals(Outcome.PASS, c.outcome(), c.message());
      assertTrue(c.message().contains("Squads vault " + w.vault.toBase58()), c.message());
      assertTrue(c.message().contains(GovernanceFixtures.REPO)
          && c.message().contains(GovernanceFixtures.COMMIT), c.message());
      assertEquals(w.vault.toBase58(), field(c, "signer (uploader)"));
      // The local build the policy names is the deployed one: compared, equal.
      assertEquals(field(c, "on-chain program hash (solana-verify rule)"),
          field(c, "policy build hash"));
      Evidence owner = c.evidence().stream().filter(e -> e.field().equals("signer (uploader)"))
          .findFirst().orElseThrow();
      assertEquals(OtterVerify.PROGRAM_ID.toBase58(), owner.owner().orElseThrow());
      assertEquals(OtterVerify.recordAddress(w.vault, EscrowProgram.PROGRAM_ID).toBase58(),
          owner.address().orElseThrow());
    }
  }

  @Test
  void aRecordByAnotherUploaderFailsAndSaysWhoWroteIt() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.verificationRecordByAnotherUploader(w);
      CheckResult c = audit(w, dir, "program.verified-build");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains(w.members.getFirst().publicKey().toBase58()), c.message());
      assertTrue(c.message().contains("solana-verify export-pda-tx"), c.message());
      assertTrue(c.message().contains("--uploader " + w.vault.toBase58()), c.message());
    }
  }

  @Test
  void noRecordFailsWithTheSolanaVerifyCommandsForTheVault() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      CheckResult c = audit(w, dir, "program.verified-build");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("No verification record by the Squads vault"), c.message());
      assertTrue(c.message().contains("solana-verify export-pda-tx"), c.message());
      assertTrue(c.message().contains("solana-verify remote submit-job"), c.message());
      assertTrue(c.remediation().contains("solana-verify verify-from-repo"), c.remediation());
      assertTrue(c.remediation().contains("solana-verify export-pda-tx"), c.remediation());
    }
  }

  @Test
  void aRecordOlderThanTheLastDeploymentFails() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      long[] slots = GovernanceFixtures.verificationRecordOlderThanTheDeployment(w);
      CheckResult c = audit(w, dir, "program.verified-build");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("for the deployment at slot " + slots[0] + ", but the "
          + "program was redeployed at slot " + slots[1]), c.message());
    }
  }

  @Test
  void aSingleKeyAuthorityIsToldToRunVerifyFromRepo() {
    try (EscrowWorld w = new EscrowWorld(new EscrowWorld.Governance(false, 48 * 3600, false))) {
      CheckResult c = audit(w, dir, "program.verified-build");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("solana-verify verify-from-repo"), c.message());
      assertFalse(c.message().contains("export-pda-tx"), c.message());
    }
  }

  // ---- multisig.pending-upgrade -------------------------------------------------------------

  @Test
  void anApprovedUpgradeIsAnEarlyWarningWithStatusApprovalsAndRelease() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      Instant release = GovernanceFixtures.pendingUpgrade(w);
      List<String> warnings = new ArrayList<>();
      CheckResult c = audit(w, dir, "multisig.pending-upgrade", warnings);
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("transaction #1 (vault 0) would upgrade the program"),
          c.message());
      assertTrue(c.message().contains("Approved, 2 of 2 approvals"), c.message());
      assertTrue(c.message().contains("time lock releases " + release), c.message());
      assertTrue(warnings.stream().anyMatch(s -> s.startsWith("EARLY WARNING multisig.pending-upgrade")
          && s.contains("upgrade the program")), warnings.toString());
    }
  }

  @Test
  void anAuthorityChangeIsReportedWithTheNewAuthority() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      PublicKey next = GovernanceFixtures.pendingAuthorityChange(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("change the program's upgrade authority to "
          + next.toBase58()), c.message());
      assertTrue(c.message().contains("Active, 1 of 2 approvals"), c.message());
    }
  }

  @Test
  void aPendingConfigTransactionIsReported() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.pendingThresholdChange(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("changes the multisig's configuration (change threshold "
          + "to 1)"), c.message());
    }
  }

  @Test
  void anApprovedUpgradeMadeStaleIsStillReportedButAStaleConfigChangeIsNot() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.staleButApprovedUpgrade(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("stale but still executable"), c.message());
    }
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.staleThresholdChange(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.PASS, c.outcome(), c.message());
    }
  }

  @Test
  void anExecutedUpgradeAndAnEmptyMultisigPass() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      assertEquals(Outcome.PASS, audit(w, dir, "multisig.pending-upgrade").outcome());
      GovernanceFixtures.executedUpgrade(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.PASS, c.outcome(), c.message());
      assertTrue(c.message().contains("indexes 1 to 1"), c.message());
    }
  }

  @Test
  void whatCannotBeToldIsInconclusive() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.pendingCallThroughLookupTable(w);
      CheckResult c = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.INCONCLUSIVE, c.outcome(), c.message());
      assertTrue(c.message().contains("address lookup table"), c.message());
      GovernanceFixtures.garbledProposal(w);
      CheckResult g = audit(w, dir, "multisig.pending-upgrade");
      assertEquals(Outcome.INCONCLUSIVE, g.outcome(), g.message());
      assertTrue(g.message().contains("proposal #1") && g.message().contains("does not decode"),
          g.message());
    }
  }

  // ---- multisig.spending-limits -------------------------------------------------------------

  @Test
  void aSpendingLimitFailsWithWhatOneMemberCanMove() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      SquadsSpendingLimit sl = GovernanceFixtures.spendingLimit(w);
      CheckResult c = audit(w, dir, "multisig.spending-limits");
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertTrue(c.message().contains("[" + sl.members().getFirst().toBase58() + "] can move up "
          + "to 5000000000 lamports (SOL) per day from vault 0 to any address"), c.message());
    }
  }

  @Test
  void noSpendingLimitPassesAndClosedHistoryIsInconclusive() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      CheckResult pass = audit(w, dir, "multisig.spending-limits");
      assertEquals(Outcome.PASS, pass.outcome(), pass.message());
      GovernanceFixtures.closedTransactionHistory(w);
      CheckResult c = audit(w, dir, "multisig.spending-limits");
      assertEquals(Outcome.INCONCLUSIVE, c.outcome(), c.message());
      assertTrue(c.message().contains("2 transaction account(s) closed (#1, #2)"), c.message());
    }
  }

  // ---- the post-incident baseline -----------------------------------------------------------

  @Test
  void membersWithoutVoteAreListedAndTheLoweredBaselineIsSaid() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      List<PublicKey> nonVoting = GovernanceFixtures.nonVotingMembers(w);
      CheckResult c = audit(w, dir, "multisig.threshold");
      assertEquals(Outcome.PASS, c.outcome(), c.message());
      assertTrue(c.message().contains(nonVoting.get(0).toBase58() + " (initiate)"), c.message());
      assertTrue(c.message().contains(nonVoting.get(1).toBase58() + " (execute)"), c.message());
      // The world's policy sets minThreshold: 2 on a mainnet policy.
      assertTrue(c.message().contains("lowers the mainnet baseline minThreshold from 3 to 2"),
          c.message());
      assertEquals(2, c.evidence().stream().filter(e -> e.field().equals("member without vote"))
          .count());
    }
  }

  @Test
  void aLoweredTimeLockMinimumIsSaid() throws Exception {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      w.policy(dir, "");
      Path file = dir.resolve("preflight.yaml");
      java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
          .replace("minTimelock: 24h", "minTimelock: 1h"));
      Policy policy = new dev.preflight.core.policy.PolicyLoader().load(file);
      CheckResult c = Audit.of(policy).run().result("multisig.timelock");
      assertEquals(Outcome.PASS, c.outcome(), c.message());
      assertTrue(c.message().contains("the policy lowers the mainnet baseline of 86400 s (1 d)"),
          c.message());
    }
  }

  // ---- offline --------------------------------------------------------------------------------

  @Test
  void theGovernanceChecksReplayOfflineFromASnapshot() {
    try (EscrowWorld w = new EscrowWorld(EscrowWorld.Governance.good())) {
      GovernanceFixtures.verificationRecordByAuthority(w);
      GovernanceFixtures.pendingUpgrade(w);
      Policy policy = w.policy(dir, "");
      AuditResult live = Audit.of(policy).run();
      Path file = dir.resolve("snapshot.json");
      SnapshotJson.write(live.snapshot(), file);
      w.close();
      Snapshot saved = SnapshotJson.read(file);
      AuditResult offline = Audit.of(policy).offline(saved).run();
      // every state check of the registry, the governance ones among them, reads the same offline
      for (String id : RegistryIds.registry().stateCheckIds()) {
        assertEquals(outcomesAndMessages(live, id), outcomesAndMessages(offline, id), id);
      }
      assertEquals(Outcome.PASS, offline.result("program.verified-build").outcome());
      assertEquals(Outcome.FAIL, offline.result("multisig.pending-upgrade").outcome());
      ObjectNode a = ReportJson.toJson(live.report());
      assertTrue(a.toString().contains("multisig.pending-upgrade"));
      assertEquals(live.results().stream().map(CheckResult::fingerprint).collect(Collectors.toList()),
          offline.results().stream().map(CheckResult::fingerprint).collect(Collectors.toList()));
    }
  }

  /** Each result of {@code id}, without the relative time ("in 46 h") that moves between runs. */
  private static List<String> outcomesAndMessages(AuditResult r, String id) {
    return r.report().results(id).stream().map(c -> c.outcome() + " "
        + c.message().replaceAll("\\(in [^)]*\\)", "")).toList();
  }
}

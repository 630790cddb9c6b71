package dev.preflight.checks.proof;

/**
 * A named situation on real bytes that the table's rows point at. Each runs once per test run;
 * its results are every check result it produced.
 */
enum Fixture {
  // ---- the governed escrow world (acceptance EscrowWorld), read through a real Audit --------
  GOVERNED("the governed escrow: Squads vault as upgrade authority, 2-of-3 admins, the reviewed "
      + ".so, real transactions, substantive documents, full coverage"),
  UNREACHABLE("the same policy pointed at a closed port; the coverage report is prose"),
  NO_SECTIONS("a policy with one cluster and no expected hash, mints, ops or evidence"),
  DEFECT_BINARY("the reviewed build is a defect binary (escrow-defect-fee-uncapped.so), not the "
      + "deployed escrow.so"),
  SECURITY_TXT_EXPIRED("the audit's clock after the security.txt expiry (2029-12-31)"),
  UNGOVERNED_MINTS("the mints listed without their authorities allowed, plus a Token-2022 mint "
      + "with an ungoverned permanent delegate created by real transactions"),
  SECOND_CLUSTER_SAME("a second embedded validator with the same binary, authority and config "
      + "bytes"),
  SECOND_CLUSTER_DIVERGES("the second validator's upgrade authority moved to another key"),
  SECOND_CLUSTER_OTHER_BINARY("a third validator with the same authority and config bytes "
      + "but the defect binary escrow-defect-price-wrap.so deployed"),
  SECOND_CLUSTER_DOWN("the second cluster unreachable"),
  VERIFIED_BY_ANOTHER_UPLOADER("solana-verify's record written by a multisig member, not by the "
      + "upgrade authority (the Squads vault)"),
  VERIFIED_BY_AUTHORITY("solana-verify's record written by the Squads vault for the current "
      + "deployment, the reviewed build named"),
  PENDING_UPGRADE("vault transaction #1 upgrades the escrow, approved by 2 members an hour ago, "
      + "inside the 48 h time lock"),
  SPENDING_LIMIT("an executed config transaction added a 5 SOL per day spending limit from vault "
      + "0 for one member"),
  GARBLED_PROPOSAL("the proposal at index 1 holds random bytes, owned by Squads"),
  BAD_OPS_AND_EVIDENCE("a failed escrow transaction landed; ops limits below the measured values; "
      + "an empty document (a missing one stops the audit before it reads anything); 50 % coverage"),
  MULTISIG_REWRITTEN("the Squads multisig rewritten by cheatcode: threshold 1, no time lock, a "
      + "config authority"),
  CONFIG_REWRITTEN("GlobalConfig rewritten by cheatcode: fee 1500 bps, 60 s minimum sale, "
      + "emergency stop engaged, breaker tripped, 1 signature"),
  SINGLE_KEY_AUTHORITY("the upgrade authority handed to a single key"),

  // ---- fuzz campaigns on audit-core's fuzz world (core.fuzz.EscrowWorld, its test jar) ------
  // The defects up to FUZZ_FEE_UNWRAP are found by single cases: their campaigns run without
  // sequences. The clean build and the last three defects run FuzzFixtures' probed setup.
  FUZZ_CLEAN("a campaign against the reference escrow.so, with sequences, a re-initialization "
      + "probe and policy invariants, on a validator that traces on demand (fuzz.coverage.min: 30)"),
  FUZZ_COVERAGE_SHORT("single cases only against the reference escrow.so, traced, with "
      + "fuzz.coverage.min: 99"),
  FUZZ_UNREACHABLE("a campaign against a validator that is not there"),
  FUZZ_PAUSE_IGNORED("a campaign against escrow-defect-pause-ignored.so, single cases only "
      + "(fuzz.sequences.count: 0), with fuzz.coverage.min: 50 on a validator that cannot trace"),
  FUZZ_FEE_UNCAPPED("a campaign against escrow-defect-fee-uncapped.so, with a 1000 CU budget"),
  FUZZ_STOP_UNAUTHORIZED("a campaign against escrow-defect-stop-unauthorized.so"),
  FUZZ_PRICE_WRAP("a campaign against escrow-defect-price-wrap.so"),
  FUZZ_TREASURY_UNCHECKED("a campaign against escrow-defect-treasury-unchecked.so"),
  FUZZ_FEE_UNWRAP("a campaign against escrow-defect-fee-unwrap.so"),
  FUZZ_CONFIG_REINIT("a campaign as FUZZ_CLEAN against escrow-defect-config-reinit.so"),
  FUZZ_CREATE_PREFUNDED("a campaign as FUZZ_CLEAN against escrow-defect-create-prefunded.so"),
  FUZZ_SLIPPAGE_IGNORED("a campaign as FUZZ_CLEAN against escrow-defect-slippage-ignored.so"),

  // ---- upgrade diffs on the same fuzz world, escrow.so deployed (UpgradeFixtures) ----------
  UPGRADE_DEFECT("escrow-defect-stop-unauthorized.so as the candidate"),
  UPGRADE_CLEAN("escrow.so as the candidate of escrow.so"),
  UPGRADE_BROKEN_CANDIDATE("escrow.so cut after 512 bytes as the candidate: it cannot load");

  final String description;

  Fixture(String description) {
    this.description = description;
  }

  /** Runs on a validator of its own (a campaign, or an upgrade diff), not in the state world. */
  boolean fuzz() {
    return name().startsWith("FUZZ_") || upgrade();
  }

  boolean upgrade() {
    return name().startsWith("UPGRADE_");
  }
}

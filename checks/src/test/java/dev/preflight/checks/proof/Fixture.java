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
  BAD_OPS_AND_EVIDENCE("a failed escrow transaction landed; ops limits below the measured values; "
      + "a missing document; 50 % coverage"),
  MULTISIG_REWRITTEN("the Squads multisig rewritten by cheatcode: threshold 1, no time lock, a "
      + "config authority"),
  CONFIG_REWRITTEN("GlobalConfig rewritten by cheatcode: fee 1500 bps, 60 s minimum sale, "
      + "emergency stop engaged, breaker tripped, 1 signature"),
  SINGLE_KEY_AUTHORITY("the upgrade authority handed to a single key"),

  // ---- fuzz campaigns on the fuzz world (FuzzEscrowWorld) ------------------------------------
  FUZZ_CLEAN("a campaign against the reference escrow.so"),
  FUZZ_UNREACHABLE("a campaign against a validator that is not there"),
  FUZZ_PAUSE_IGNORED("a campaign against escrow-defect-pause-ignored.so"),
  FUZZ_FEE_UNCAPPED("a campaign against escrow-defect-fee-uncapped.so, with a 1000 CU budget"),
  FUZZ_STOP_UNAUTHORIZED("a campaign against escrow-defect-stop-unauthorized.so"),
  FUZZ_PRICE_WRAP("a campaign against escrow-defect-price-wrap.so"),
  FUZZ_TREASURY_UNCHECKED("a campaign against escrow-defect-treasury-unchecked.so"),
  FUZZ_FEE_UNWRAP("a campaign against escrow-defect-fee-unwrap.so");

  final String description;

  Fixture(String description) {
    this.description = description;
  }

  boolean fuzz() {
    return name().startsWith("FUZZ_");
  }
}

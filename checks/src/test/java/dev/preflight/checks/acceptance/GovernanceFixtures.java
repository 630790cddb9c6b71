package dev.preflight.checks.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.chain.LoaderInstruction;
import dev.preflight.core.chain.Loaders;
import dev.preflight.core.chain.OtterVerify;
import dev.preflight.core.chain.SquadsAccounts;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsProposal;
import dev.preflight.core.chain.SquadsSpendingLimit;
import dev.preflight.core.chain.SquadsTransaction;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.chain.VerificationRecord;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.LocalChain;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * Governance states written into an {@link EscrowWorld} with cheatcodes (surfnet_setAccount),
 * every account encoded with the real layouts: the Squads v4 IDL's types for proposals, vault and
 * config transactions and spending limits; otter-verify's {@code BuildParams} for verification
 * records. Each method is one named fixture, so that tables of fixtures per check id can refer to
 * them.
 */
public final class GovernanceFixtures {
  /** The repository and commit the fixtures' verification records name. */
  public static final String REPO = "https://github.com/example/token-sale-escrow";
  public static final String COMMIT = "8b527cc2f4e1a0d3c9b6e5f4a3d2c1b0a9f8e7d6";

  private static final PublicKey SYSVAR_RENT =
      PublicKey.fromBase58Encoded("SysvarRent111111111111111111111111111111111");
  private static final PublicKey SYSVAR_CLOCK =
      PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111");

  private GovernanceFixtures() {}

  // ---- program.verified-build ---------------------------------------------------------------

  /** PASS: the record is written by the upgrade authority, the Squads vault. */
  public static void verificationRecordByAuthority(EscrowWorld w) {
    writeRecord(w, w.vault);
  }

  /** FAIL: only a multisig member wrote a record; the authority (the vault) did not. */
  public static void verificationRecordByAnotherUploader(EscrowWorld w) {
    writeRecord(w, w.members.getFirst().publicKey());
  }

  /**
   * FAIL: the vault's record was written for the current deployment, then the program's
   * ProgramData says it was redeployed 500 slots later (the slot rewritten by cheatcode, the rest
   * of ProgramData as the validator wrote it). Returns {record slot, new deploy slot}.
   */
  public static long[] verificationRecordOlderThanTheDeployment(EscrowWorld w) {
    VerificationRecord r = writeRecord(w, w.vault);
    PublicKey programData = UpgradeableLoaderState.programDataAddress(EscrowProgram.PROGRAM_ID);
    var info = w.chain.rpc.getAccountInfo(programData).join();
    byte[] data = info.data();
    long redeployed = r.deploySlot() + 500;
    java.nio.ByteBuffer.wrap(data, 4, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(redeployed);
    w.chain.setAccount(programData, info.lamports(), data, info.owner(), false);
    return new long[] {r.deploySlot(), redeployed};
  }

  /** The escrow's last deploy slot, from its ProgramData on the chain. */
  public static long deploySlot(EscrowWorld w) {
    PublicKey programData = UpgradeableLoaderState.programDataAddress(EscrowProgram.PROGRAM_ID);
    byte[] data = w.chain.rpc.getAccountInfo(programData).join().data();
    return java.nio.ByteBuffer.wrap(data, 4, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /**
   * The record otter-verify's Initialize writes for {@code uploader}, at its PDA, for the
   * program's current deployment (the ProgramData slot, as solana-verify reads it).
   */
  public static VerificationRecord writeRecord(EscrowWorld w, PublicKey uploader) {
    PublicKey program = EscrowProgram.PROGRAM_ID;
    VerificationRecord r = new VerificationRecord(program, uploader, "0.4.6", REPO, COMMIT,
        List.of("--library-name", "escrow"), deploySlot(w),
        OtterVerify.recordBump(uploader, program));
    set(w, OtterVerify.recordAddress(uploader, program), OtterVerify.load().encode(r),
        OtterVerify.PROGRAM_ID);
    return r;
  }

  // ---- multisig.pending-upgrade -------------------------------------------------------------

  /**
   * FAIL: vault transaction #1 upgrades the escrow (loader Upgrade, tag 3) and its proposal is
   * approved by two members an hour ago; with the world's 48 h time lock it releases in 47 h.
   */
  public static Instant pendingUpgrade(EscrowWorld w) {
    SquadsMultisig ms = indexes(w, 1, 0);
    PublicKey programData = UpgradeableLoaderState.programDataAddress(EscrowProgram.PROGRAM_ID);
    PublicKey buffer = LocalChain.newSigner().publicKey();
    // Static keys in message order: writable signer, writable non-signers, read-only non-signers.
    List<PublicKey> keys = List.of(w.vault, programData, EscrowProgram.PROGRAM_ID, buffer,
        SYSVAR_RENT, SYSVAR_CLOCK, Loaders.BPF_LOADER_UPGRADEABLE);
    // Upgrade: [programdata, program, buffer, spill, rent, clock, authority].
    SquadsTransaction.Instruction upgrade = new SquadsTransaction.Instruction(6,
        new byte[] {1, 2, 3, 0, 4, 5, 0}, LoaderInstruction.UPGRADE.data());
    writeVaultTransaction(w, 1, keys, List.of(upgrade), 1, 4);
    Instant approvedAt = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 3600);
    writeProposal(w, 1, SquadsProposal.Status.APPROVED, approvedAt.getEpochSecond(),
        List.of(w.members.get(0).publicKey(), w.members.get(1).publicKey()));
    return approvedAt.plusSeconds(ms.timeLockSeconds());
  }

  /**
   * FAIL: vault transaction #1 hands the upgrade authority to a new key (loader SetAuthority, tag
   * 4), proposal active with one approval.
   */
  public static PublicKey pendingAuthorityChange(EscrowWorld w) {
    indexes(w, 1, 0);
    PublicKey programData = UpgradeableLoaderState.programDataAddress(EscrowProgram.PROGRAM_ID);
    PublicKey newAuthority = LocalChain.newSigner().publicKey();
    List<PublicKey> keys = List.of(w.vault, programData, newAuthority,
        Loaders.BPF_LOADER_UPGRADEABLE);
    SquadsTransaction.Instruction set = new SquadsTransaction.Instruction(3,
        new byte[] {1, 0, 2}, LoaderInstruction.SET_AUTHORITY.data());
    writeVaultTransaction(w, 1, keys, List.of(set), 1, 1);
    writeProposal(w, 1, SquadsProposal.Status.ACTIVE, Instant.now().getEpochSecond(),
        List.of(w.members.get(0).publicKey()));
    return newAuthority;
  }

  /**
   * PASS: the same upgrade as {@link #pendingUpgrade}, but its proposal executed: nothing is
   * pending.
   */
  public static void executedUpgrade(EscrowWorld w) {
    pendingUpgrade(w);
    writeProposal(w, 1, SquadsProposal.Status.EXECUTED, Instant.now().getEpochSecond(),
        List.of(w.members.get(0).publicKey(), w.members.get(1).publicKey()));
  }

  /**
   * FAIL: the upgrade of {@link #pendingUpgrade}, approved, and then the multisig's configuration
   * changed (stale index 1): Squads still executes an approved vault transaction.
   */
  public static void staleButApprovedUpgrade(EscrowWorld w) {
    pendingUpgrade(w);
    indexes(w, 1, 1);
  }

  /** PASS: a config transaction made stale while still active can never execute. */
  public static void staleThresholdChange(EscrowWorld w) {
    pendingThresholdChange(w);
    indexes(w, 1, 1);
  }

  /** FAIL: config transaction #1 lowers the threshold to 1, proposal active. */
  public static void pendingThresholdChange(EscrowWorld w) {
    indexes(w, 1, 0);
    SquadsAccounts acc = accounts();
    set(w, SquadsAccounts.transactionAddress(w.multisig, 1),
        acc.encodeConfigTransaction(w.multisig, w.members.getFirst().publicKey(), 1,
            SquadsAccounts.transactionBump(w.multisig, 1),
            List.of(SquadsAccounts.changeThresholdAction(1))), SquadsV4.PROGRAM_ID);
    writeProposal(w, 1, SquadsProposal.Status.ACTIVE, Instant.now().getEpochSecond(), List.of());
  }

  /**
   * INCONCLUSIVE: vault transaction #1 calls a program whose key comes from an address lookup
   * table (index past the static keys), proposal approved: what it does cannot be told.
   */
  public static void pendingCallThroughLookupTable(EscrowWorld w) {
    indexes(w, 1, 0);
    PublicKey table = LocalChain.newSigner().publicKey();
    SquadsTransaction.Instruction ix = new SquadsTransaction.Instruction(2, new byte[] {0, 1},
        LoaderInstruction.UPGRADE.data());
    writeVaultTransaction(w, 1, List.of(w.vault, EscrowProgram.PROGRAM_ID), List.of(ix), 1, 1,
        List.of(table));
    writeProposal(w, 1, SquadsProposal.Status.APPROVED, Instant.now().getEpochSecond(),
        List.of(w.members.get(0).publicKey(), w.members.get(1).publicKey()));
  }

  /** INCONCLUSIVE: the proposal at index 1 is owned by Squads but holds bytes of no Proposal. */
  public static void garbledProposal(EscrowWorld w) {
    indexes(w, 1, 0);
    byte[] junk = new byte[120];
    new java.util.Random(13).nextBytes(junk);
    set(w, SquadsAccounts.proposalAddress(w.multisig, 1), junk, SquadsV4.PROGRAM_ID);
  }

  // ---- multisig.spending-limits -------------------------------------------------------------

  /**
   * FAIL: config transaction #1 (executed) added a spending limit of 5 SOL per day from vault 0
   * for member 0, to any address; the SpendingLimit account exists.
   */
  public static SquadsSpendingLimit spendingLimit(EscrowWorld w) {
    indexes(w, 1, 1);
    PublicKey createKey = LocalChain.newSigner().publicKey();
    SquadsSpendingLimit sl = new SquadsSpendingLimit(w.multisig, createKey, 0, PublicKey.NONE,
        5_000_000_000L, SquadsSpendingLimit.Period.DAY, 5_000_000_000L,
        Instant.now().getEpochSecond(), SquadsAccounts.spendingLimitBump(w.multisig, createKey),
        List.of(w.members.getFirst().publicKey()), List.of());
    SquadsAccounts acc = accounts();
    set(w, SquadsAccounts.transactionAddress(w.multisig, 1),
        acc.encodeConfigTransaction(w.multisig, w.members.getFirst().publicKey(), 1,
            SquadsAccounts.transactionBump(w.multisig, 1),
            List.of(SquadsAccounts.addSpendingLimitAction(sl))), SquadsV4.PROGRAM_ID);
    writeProposal(w, 1, SquadsProposal.Status.EXECUTED, Instant.now().getEpochSecond(),
        List.of(w.members.get(0).publicKey(), w.members.get(1).publicKey()));
    set(w, SquadsAccounts.spendingLimitAddress(w.multisig, createKey), acc.encodeSpendingLimit(sl),
        SquadsV4.PROGRAM_ID);
    return sl;
  }

  /**
   * INCONCLUSIVE: the multisig has executed two transactions whose accounts were closed (rent
   * reclaimed), so a spending limit they may have added cannot be ruled out.
   */
  public static void closedTransactionHistory(EscrowWorld w) {
    indexes(w, 2, 2);
  }

  /** Members 0 (initiate only) and 1 (execute only) added to the multisig, the others vote. */
  public static List<PublicKey> nonVotingMembers(EscrowWorld w) {
    SquadsMultisig ms = current(w);
    PublicKey proposer = LocalChain.newSigner().publicKey();
    PublicKey executor = LocalChain.newSigner().publicKey();
    List<SquadsMultisig.Member> members = new java.util.ArrayList<>(ms.members());
    members.add(SquadsMultisig.Member.of(proposer, SquadsMultisig.Permission.INITIATE));
    members.add(SquadsMultisig.Member.of(executor, SquadsMultisig.Permission.EXECUTE));
    write(w, new SquadsMultisig(ms.createKey(), ms.configAuthority(), ms.threshold(),
        ms.timeLockSeconds(), ms.transactionIndex(), ms.staleTransactionIndex(),
        ms.rentCollector(), ms.bump(), members));
    return List.of(proposer, executor);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static SquadsAccounts accounts() {
    return new SquadsAccounts(SquadsV4.load());
  }

  /** The multisig as it is on the chain now. */
  public static SquadsMultisig current(EscrowWorld w) {
    var info = w.chain.rpc.getAccountInfo(w.multisig).join();
    assertTrue(info != null && info.data() != null, "no multisig at " + w.multisig);
    return SquadsV4.load().decodeMultisig(info.data());
  }

  /** Rewrites the multisig with new transaction and stale indexes. */
  private static SquadsMultisig indexes(EscrowWorld w, long transactionIndex, long stale) {
    SquadsMultisig ms = current(w);
    SquadsMultisig next = new SquadsMultisig(ms.createKey(), ms.configAuthority(), ms.threshold(),
        ms.timeLockSeconds(), transactionIndex, stale, ms.rentCollector(), ms.bump(),
        ms.members());
    write(w, next);
    return next;
  }

  private static void write(EscrowWorld w, SquadsMultisig ms) {
    set(w, w.multisig, SquadsV4.load().encodeMultisig(ms), SquadsV4.PROGRAM_ID);
  }

  private static void writeVaultTransaction(EscrowWorld w, long index, List<PublicKey> keys,
                                            List<SquadsTransaction.Instruction> ixs,
                                            int writableSigners, int writableNonSigners) {
    writeVaultTransaction(w, index, keys, ixs, writableSigners, writableNonSigners, List.of());
  }

  private static void writeVaultTransaction(EscrowWorld w, long index, List<PublicKey> keys,
                                            List<SquadsTransaction.Instruction> ixs,
                                            int writableSigners, int writableNonSigners,
                                            List<PublicKey> lookupTables) {
    SquadsTransaction.Vault tx = new SquadsTransaction.Vault(w.multisig,
        w.members.getFirst().publicKey(), index, SquadsAccounts.transactionBump(w.multisig, index),
        0, PublicKey.findProgramAddress(List.of("multisig".getBytes(), w.multisig.toByteArray(),
            "vault".getBytes(), new byte[] {0}), SquadsV4.PROGRAM_ID).nonce(), new byte[0], 1,
        writableSigners, writableNonSigners, keys, ixs, lookupTables);
    set(w, SquadsAccounts.transactionAddress(w.multisig, index),
        accounts().encodeVaultTransaction(tx), SquadsV4.PROGRAM_ID);
  }

  private static void writeProposal(EscrowWorld w, long index, SquadsProposal.Status status,
                                    long timestamp, List<PublicKey> approved) {
    SquadsProposal p = new SquadsProposal(w.multisig, index, status, OptionalLong.of(timestamp),
        SquadsAccounts.proposalBump(w.multisig, index), approved, List.of(), List.of());
    set(w, SquadsAccounts.proposalAddress(w.multisig, index), accounts().encodeProposal(p),
        SquadsV4.PROGRAM_ID);
  }

  private static void set(EscrowWorld w, PublicKey address, byte[] data, PublicKey owner) {
    long rent = w.chain.rpc.getMinimumBalanceForRentExemption(data.length).join();
    w.chain.setAccount(address, rent, data, owner, false);
  }
}

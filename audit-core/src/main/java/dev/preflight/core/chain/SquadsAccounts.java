package dev.preflight.core.chain;

import dev.preflight.core.idl.DecodeException;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.idl.IdlValue.BytesValue;
import dev.preflight.core.idl.IdlValue.EnumValue;
import dev.preflight.core.idl.IdlValue.IntValue;
import dev.preflight.core.idl.IdlValue.PubkeyValue;
import dev.preflight.core.idl.IdlValue.SeqValue;
import dev.preflight.core.idl.IdlValue.StructValue;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * The Squads v4 accounts around a multisig's votes, decoded and encoded through the bundled IDL
 * ({@code @sqds/multisig} 2.1.4): {@code Proposal}, {@code VaultTransaction}, {@code
 * ConfigTransaction} and {@code SpendingLimit}, and their addresses.
 *
 * <p>Seeds, from the program's {@code state/seeds.rs} (Squads-Protocol/v4) and the SDK's {@code
 * getTransactionPda}/{@code getProposalPda}/{@code getSpendingLimitPda}: transaction {@code
 * ["multisig", multisig, "transaction", index as u64 LE]}, proposal {@code ["multisig", multisig,
 * "transaction", index as u64 LE, "proposal"]}, spending limit {@code ["multisig", multisig,
 * "spending_limit", create_key]}.
 */
public final class SquadsAccounts {

  private static final byte[] PREFIX = "multisig".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSACTION = "transaction".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PROPOSAL = "proposal".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SPENDING_LIMIT = "spending_limit".getBytes(StandardCharsets.US_ASCII);

  private final Idl idl;

  public SquadsAccounts(SquadsV4 squads) {
    this.idl = squads.idl();
  }

  // ---- addresses ----------------------------------------------------------------------------

  public static PublicKey transactionAddress(PublicKey multisig, long index) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), TRANSACTION,
        u64(index)), SquadsV4.PROGRAM_ID).publicKey();
  }

  public static int transactionBump(PublicKey multisig, long index) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), TRANSACTION,
        u64(index)), SquadsV4.PROGRAM_ID).nonce();
  }

  public static PublicKey proposalAddress(PublicKey multisig, long index) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), TRANSACTION,
        u64(index), PROPOSAL), SquadsV4.PROGRAM_ID).publicKey();
  }

  public static int proposalBump(PublicKey multisig, long index) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), TRANSACTION,
        u64(index), PROPOSAL), SquadsV4.PROGRAM_ID).nonce();
  }

  public static PublicKey spendingLimitAddress(PublicKey multisig, PublicKey createKey) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), SPENDING_LIMIT,
        createKey.toByteArray()), SquadsV4.PROGRAM_ID).publicKey();
  }

  public static int spendingLimitBump(PublicKey multisig, PublicKey createKey) {
    return PublicKey.findProgramAddress(List.of(PREFIX, multisig.toByteArray(), SPENDING_LIMIT,
        createKey.toByteArray()), SquadsV4.PROGRAM_ID).nonce();
  }

  private static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  // ---- proposals ----------------------------------------------------------------------------

  /** True when {@code data} starts with the named Squads account's discriminator. */
  public boolean is(String accountType, byte[] data) {
    return idl.account(accountType).map(a -> a.discriminator().matches(data)).orElse(false);
  }

  /** @throws DecodeException when the data is not a Proposal */
  public SquadsProposal decodeProposal(byte[] data) {
    IdlValue v = idl.decodeAccount("Proposal", data).value();
    EnumValue st = v.at("status").filter(EnumValue.class::isInstance).map(EnumValue.class::cast)
        .orElseThrow(() -> missing("Proposal", "status"));
    SquadsProposal.Status status = SquadsProposal.Status.values()[st.index()];
    OptionalLong ts = st.payload().flatMap(p -> p.at("timestamp")).flatMap(IdlValue::longValue)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
    return new SquadsProposal(key(v, "Proposal", "multisig"), num(v, "Proposal", "transactionIndex"),
        status, ts, (int) num(v, "Proposal", "bump"), keys(v, "Proposal", "approved"),
        keys(v, "Proposal", "rejected"), keys(v, "Proposal", "cancelled"));
  }

  public byte[] encodeProposal(SquadsProposal p) {
    Optional<IdlValue> payload = p.status() == SquadsProposal.Status.EXECUTING ? Optional.empty()
        : Optional.of(StructValue.builder().put("timestamp",
            IntValue.of(PrimitiveKind.I64, p.statusTimestamp().orElse(0))).build());
    return idl.encodeAccount("Proposal", StructValue.builder()
        .put("multisig", new PubkeyValue(p.multisig()))
        .put("transactionIndex", u64Value(p.transactionIndex()))
        .put("status", new EnumValue(p.status().idlName(), p.status().ordinal(), payload))
        .put("bump", IntValue.of(PrimitiveKind.U8, p.bump()))
        .put("approved", keySeq(p.approved()))
        .put("rejected", keySeq(p.rejected()))
        .put("cancelled", keySeq(p.cancelled()))
        .build());
  }

  // ---- transactions -------------------------------------------------------------------------

  /**
   * Decodes the account at a transaction address by its discriminator.
   *
   * @throws DecodeException when it is no Squads transaction account or does not decode
   */
  public SquadsTransaction decodeTransaction(byte[] data) {
    if (is("VaultTransaction", data)) {
      return decodeVault(idl.decodeAccount("VaultTransaction", data).value());
    }
    if (is("ConfigTransaction", data)) {
      return decodeConfig(idl.decodeAccount("ConfigTransaction", data).value());
    }
    if (is("Batch", data)) {
      IdlValue v = idl.decodeAccount("Batch", data).value();
      return new SquadsTransaction.Other(key(v, "Batch", "multisig"), num(v, "Batch", "index"),
          "Batch");
    }
    throw new DecodeException("Squads transaction", "", 0,
        "data starts with neither the VaultTransaction, ConfigTransaction nor Batch discriminator",
        "Check that the address is a Squads v4 transaction PDA", null);
  }

  private SquadsTransaction.Vault decodeVault(IdlValue v) {
    String t = "VaultTransaction";
    IdlValue m = v.at("message").orElseThrow(() -> missing(t, "message"));
    List<SquadsTransaction.Instruction> ixs = new ArrayList<>();
    for (IdlValue ix : m.at("instructions").flatMap(IdlValue::sequence)
        .orElseThrow(() -> missing(t, "message.instructions"))) {
      ixs.add(new SquadsTransaction.Instruction((int) num(ix, t, "programIdIndex"),
          bytes(ix, t, "accountIndexes"), bytes(ix, t, "data")));
    }
    List<PublicKey> tables = new ArrayList<>();
    for (IdlValue l : m.at("addressTableLookups").flatMap(IdlValue::sequence)
        .orElseThrow(() -> missing(t, "message.addressTableLookups"))) {
      tables.add(key(l, t, "accountKey"));
    }
    return new SquadsTransaction.Vault(key(v, t, "multisig"), key(v, t, "creator"),
        num(v, t, "index"), (int) num(v, t, "bump"), (int) num(v, t, "vaultIndex"),
        (int) num(v, t, "vaultBump"), bytes(v, t, "ephemeralSignerBumps"),
        (int) num(m, t, "numSigners"), (int) num(m, t, "numWritableSigners"),
        (int) num(m, t, "numWritableNonSigners"), keys(m, t, "accountKeys"), ixs, tables);
  }

  private SquadsTransaction.Config decodeConfig(IdlValue v) {
    String t = "ConfigTransaction";
    List<SquadsTransaction.ConfigAction> actions = new ArrayList<>();
    for (IdlValue a : v.at("actions").flatMap(IdlValue::sequence)
        .orElseThrow(() -> missing(t, "actions"))) {
      if (!(a instanceof EnumValue e)) {
        throw missing(t, "actions[]");
      }
      IdlValue p = e.payload().orElse(StructValue.builder().build());
      actions.add(switch (e.variant()) {
        case "AddMember" -> new SquadsTransaction.ConfigAction(e.variant(), "add member "
            + key(p, t, "newMember.key").toBase58() + " with permissions mask "
            + num(p, t, "newMember.permissions.mask"), Optional.empty());
        case "RemoveMember" -> new SquadsTransaction.ConfigAction(e.variant(), "remove member "
            + key(p, t, "oldMember").toBase58(), Optional.empty());
        case "ChangeThreshold" -> new SquadsTransaction.ConfigAction(e.variant(),
            "change threshold to " + num(p, t, "newThreshold"), Optional.empty());
        case "SetTimeLock" -> new SquadsTransaction.ConfigAction(e.variant(),
            "set time lock to " + num(p, t, "newTimeLock") + " s", Optional.empty());
        case "AddSpendingLimit" -> new SquadsTransaction.ConfigAction(e.variant(),
            "add spending limit of " + Long.toUnsignedString(num(p, t, "amount")) + " of mint "
                + key(p, t, "mint").toBase58() + " per "
                + p.at("period").filter(EnumValue.class::isInstance).map(x -> ((EnumValue) x).variant())
                    .orElse("?") + " on vault " + num(p, t, "vaultIndex"),
            Optional.of(key(p, t, "createKey")));
        case "RemoveSpendingLimit" -> new SquadsTransaction.ConfigAction(e.variant(),
            "remove spending limit " + key(p, t, "spendingLimit").toBase58(), Optional.empty());
        case "SetRentCollector" -> new SquadsTransaction.ConfigAction(e.variant(),
            "set rent collector to " + p.at("newRentCollector").flatMap(IdlValue::publicKey)
                .map(PublicKey::toBase58).orElse("none"), Optional.empty());
        default -> new SquadsTransaction.ConfigAction(e.variant(), e.variant().toLowerCase(Locale.ROOT),
            Optional.empty());
      });
    }
    return new SquadsTransaction.Config(key(v, t, "multisig"), key(v, t, "creator"),
        num(v, t, "index"), (int) num(v, t, "bump"), actions);
  }

  /** A VaultTransaction account exactly as the program writes it (Borsh, no padding). */
  public byte[] encodeVaultTransaction(SquadsTransaction.Vault tx) {
    List<IdlValue> ixs = new ArrayList<>();
    for (SquadsTransaction.Instruction ix : tx.instructions()) {
      ixs.add(StructValue.builder()
          .put("programIdIndex", IntValue.of(PrimitiveKind.U8, ix.programIdIndex()))
          .put("accountIndexes", new BytesValue(ix.accountIndexes()))
          .put("data", new BytesValue(ix.data()))
          .build());
    }
    List<IdlValue> lookups = new ArrayList<>();
    for (PublicKey table : tx.lookupTables()) {
      lookups.add(StructValue.builder().put("accountKey", new PubkeyValue(table))
          .put("writableIndexes", new BytesValue(new byte[0]))
          .put("readonlyIndexes", new BytesValue(new byte[0])).build());
    }
    return idl.encodeAccount("VaultTransaction", StructValue.builder()
        .put("multisig", new PubkeyValue(tx.multisig()))
        .put("creator", new PubkeyValue(tx.creator()))
        .put("index", u64Value(tx.index()))
        .put("bump", IntValue.of(PrimitiveKind.U8, tx.bump()))
        .put("vaultIndex", IntValue.of(PrimitiveKind.U8, tx.vaultIndex()))
        .put("vaultBump", IntValue.of(PrimitiveKind.U8, tx.vaultBump()))
        .put("ephemeralSignerBumps", new BytesValue(tx.ephemeralSignerBumps()))
        .put("message", StructValue.builder()
            .put("numSigners", IntValue.of(PrimitiveKind.U8, tx.numSigners()))
            .put("numWritableSigners", IntValue.of(PrimitiveKind.U8, tx.numWritableSigners()))
            .put("numWritableNonSigners", IntValue.of(PrimitiveKind.U8, tx.numWritableNonSigners()))
            .put("accountKeys", keySeq(tx.accountKeys()))
            .put("instructions", new SeqValue(ixs))
            .put("addressTableLookups", new SeqValue(lookups))
            .build())
        .build());
  }

  /**
   * A ConfigTransaction account with the given actions, each an IDL {@code ConfigAction} value
   * (see {@link #addSpendingLimitAction} and {@link #changeThresholdAction}).
   */
  public byte[] encodeConfigTransaction(PublicKey multisig, PublicKey creator, long index,
                                        int bump, List<IdlValue> actions) {
    return idl.encodeAccount("ConfigTransaction", StructValue.builder()
        .put("multisig", new PubkeyValue(multisig))
        .put("creator", new PubkeyValue(creator))
        .put("index", u64Value(index))
        .put("bump", IntValue.of(PrimitiveKind.U8, bump))
        .put("actions", new SeqValue(actions))
        .build());
  }

  /** The {@code ConfigAction::ChangeThreshold} value. */
  public static IdlValue changeThresholdAction(int threshold) {
    return new EnumValue("ChangeThreshold", 2, Optional.of(StructValue.builder()
        .put("newThreshold", IntValue.of(PrimitiveKind.U16, threshold)).build()));
  }

  /** The {@code ConfigAction::AddSpendingLimit} value for {@code limit}. */
  public static IdlValue addSpendingLimitAction(SquadsSpendingLimit limit) {
    return new EnumValue("AddSpendingLimit", 4, Optional.of(StructValue.builder()
        .put("createKey", new PubkeyValue(limit.createKey()))
        .put("vaultIndex", IntValue.of(PrimitiveKind.U8, limit.vaultIndex()))
        .put("mint", new PubkeyValue(limit.mint()))
        .put("amount", u64Value(limit.amount()))
        .put("period", periodValue(limit.period()))
        .put("members", keySeq(limit.members()))
        .put("destinations", keySeq(limit.destinations()))
        .build()));
  }

  // ---- spending limits ----------------------------------------------------------------------

  /** @throws DecodeException when the data is not a SpendingLimit */
  public SquadsSpendingLimit decodeSpendingLimit(byte[] data) {
    String t = "SpendingLimit";
    IdlValue v = idl.decodeAccount(t, data).value();
    EnumValue period = v.at("period").filter(EnumValue.class::isInstance)
        .map(EnumValue.class::cast).orElseThrow(() -> missing(t, "period"));
    return new SquadsSpendingLimit(key(v, t, "multisig"), key(v, t, "createKey"),
        (int) num(v, t, "vaultIndex"), key(v, t, "mint"), num(v, t, "amount"),
        SquadsSpendingLimit.Period.values()[period.index()], num(v, t, "remainingAmount"),
        num(v, t, "lastReset"), (int) num(v, t, "bump"), keys(v, t, "members"),
        keys(v, t, "destinations"));
  }

  public byte[] encodeSpendingLimit(SquadsSpendingLimit s) {
    return idl.encodeAccount("SpendingLimit", StructValue.builder()
        .put("multisig", new PubkeyValue(s.multisig()))
        .put("createKey", new PubkeyValue(s.createKey()))
        .put("vaultIndex", IntValue.of(PrimitiveKind.U8, s.vaultIndex()))
        .put("mint", new PubkeyValue(s.mint()))
        .put("amount", u64Value(s.amount()))
        .put("period", periodValue(s.period()))
        .put("remainingAmount", u64Value(s.remainingAmount()))
        .put("lastReset", IntValue.of(PrimitiveKind.I64, s.lastReset()))
        .put("bump", IntValue.of(PrimitiveKind.U8, s.bump()))
        .put("members", keySeq(s.members()))
        .put("destinations", keySeq(s.destinations()))
        .build());
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static IdlValue periodValue(SquadsSpendingLimit.Period p) {
    return new EnumValue(p.idlName(), p.ordinal(), Optional.empty());
  }

  private static IntValue u64Value(long v) {
    return new IntValue(PrimitiveKind.U64, new BigInteger(Long.toUnsignedString(v)));
  }

  private static SeqValue keySeq(List<PublicKey> keys) {
    return new SeqValue(keys.stream().<IdlValue>map(PubkeyValue::new).toList());
  }

  private static PublicKey key(IdlValue v, String type, String path) {
    return v.at(path).flatMap(IdlValue::publicKey).orElseThrow(() -> missing(type, path));
  }

  private static long num(IdlValue v, String type, String path) {
    return v.at(path).flatMap(IdlValue::longValue).orElseThrow(() -> missing(type, path));
  }

  private static List<PublicKey> keys(IdlValue v, String type, String path) {
    List<PublicKey> out = new ArrayList<>();
    for (IdlValue k : v.at(path).flatMap(IdlValue::sequence).orElseThrow(() -> missing(type, path))) {
      out.add(k.publicKey().orElseThrow(() -> missing(type, path + "[]")));
    }
    return out;
  }

  private static byte[] bytes(IdlValue v, String type, String path) {
    return v.at(path).filter(BytesValue.class::isInstance).map(b -> ((BytesValue) b).value())
        .orElseThrow(() -> missing(type, path));
  }

  private static DecodeException missing(String type, String path) {
    return new DecodeException("account " + type, path, 0, "field is missing from the decoded value",
        "The bundled Squads IDL does not match this decoder; report it", null);
  }
}

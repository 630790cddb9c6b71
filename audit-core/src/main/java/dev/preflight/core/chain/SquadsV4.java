package dev.preflight.core.chain;

import dev.preflight.core.idl.DecodeException;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.idl.IdlValue.IntValue;
import dev.preflight.core.idl.IdlValue.OptionValue;
import dev.preflight.core.idl.IdlValue.PubkeyValue;
import dev.preflight.core.idl.IdlValue.SeqValue;
import dev.preflight.core.idl.IdlValue.StructValue;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Squads Protocol v4 multisig: decodes and encodes {@code Multisig} accounts through the program's
 * published IDL (bundled: {@code @sqds/multisig} 2.1.4, {@code idl/squads_multisig_program.json}) and
 * derives its addresses.
 *
 * <p>Seeds, as the SDK's {@code getMultisigPda}/{@code getVaultPda} and the program's
 * {@code state/seeds.rs} (Squads-Protocol/v4) use them: multisig PDA
 * {@code ["multisig", "multisig", create_key]}, vault PDA {@code ["multisig", multisig_pda, "vault",
 * [vault_index as u8]]}, both under {@link #PROGRAM_ID}.
 *
 * <p>Instances hold the parsed IDL; create one and share it.
 */
public final class SquadsV4 {

  public static final PublicKey PROGRAM_ID = PublicKey.fromBase58Encoded("SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf");

  private static final String IDL_RESOURCE = "squads_multisig_program.json";
  private static final byte[] SEED_PREFIX = "multisig".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_MULTISIG = "multisig".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_VAULT = "vault".getBytes(StandardCharsets.US_ASCII);
  private static final int MEMBER_SIZE = 33;

  private final Idl idl;

  private SquadsV4(Idl idl) {
    this.idl = idl;
  }

  /** Loads the bundled Squads v4 IDL. */
  public static SquadsV4 load() {
    return Bundled.INSTANCE;
  }

  /** The bundled IDL is parsed once: checks ask for it on every evaluation. */
  private static final class Bundled {
    static final SquadsV4 INSTANCE = read();
  }

  private static SquadsV4 read() {
    InputStream in = SquadsV4.class.getResourceAsStream(IDL_RESOURCE);
    if (in == null) {
      throw new IllegalStateException("bundled resource " + IDL_RESOURCE + " is missing from the class path");
    }
    return new SquadsV4(Idl.load(in, "squads_multisig_program.json (@sqds/multisig 2.1.4)"));
  }

  /** The Squads v4 IDL, for decoding its other accounts (proposals, transactions, spending limits). */
  public Idl idl() {
    return idl;
  }

  /** True when the account is owned by Squads v4 and starts with the Multisig discriminator. */
  public boolean isMultisig(PublicKey owner, byte[] data) {
    return Loaders.same(owner, PROGRAM_ID)
        && idl.account("Multisig").orElseThrow().discriminator().matches(data);
  }

  /**
   * Decodes a Multisig account's data.
   *
   * @throws DecodeException when the data is not a Multisig account or does not decode
   */
  public SquadsMultisig decodeMultisig(byte[] data) {
    IdlValue v = idl.decodeAccount("Multisig", data).value();
    List<SquadsMultisig.Member> members = new ArrayList<>();
    for (IdlValue m : v.at("members").flatMap(IdlValue::sequence).orElseThrow()) {
      members.add(new SquadsMultisig.Member(key(m, "key"), (int) num(m, "permissions.mask")));
    }
    return new SquadsMultisig(
        key(v, "createKey"),
        key(v, "configAuthority"),
        (int) num(v, "threshold"),
        num(v, "timeLock"),
        num(v, "transactionIndex"),
        num(v, "staleTransactionIndex"),
        v.at("rentCollector").flatMap(IdlValue::publicKey),
        (int) num(v, "bump"),
        members);
  }

  /**
   * Account data for a multisig, exactly as the program lays it out: discriminator, Borsh fields, then
   * zero bytes up to {@code Multisig::size(members)} (the program always reserves 32 bytes for the
   * rent collector, see {@code Multisig::size} in Squads-Protocol/v4 {@code state/multisig.rs}).
   */
  public byte[] encodeMultisig(SquadsMultisig ms) {
    byte[] borsh = idl.encodeAccount("Multisig", toValue(ms));
    return Arrays.copyOf(borsh, Math.max(borsh.length, accountSize(ms.members().size())));
  }

  /** The Multisig account size the program allocates for {@code members} members. */
  public static int accountSize(int members) {
    return 8 + 32 + 32 + 2 + 4 + 8 + 8 + 1 + 32 + 1 + 4 + members * MEMBER_SIZE;
  }

  /** The value the IDL encoder takes for this multisig. */
  public IdlValue toValue(SquadsMultisig ms) {
    List<IdlValue> members = new ArrayList<>();
    for (SquadsMultisig.Member m : ms.members()) {
      members.add(StructValue.builder()
          .put("key", new PubkeyValue(m.key()))
          .put("permissions", StructValue.builder().put("mask", IntValue.of(PrimitiveKind.U8, m.permissionsMask())).build())
          .build());
    }
    return StructValue.builder()
        .put("createKey", new PubkeyValue(ms.createKey()))
        .put("configAuthority", new PubkeyValue(ms.configAuthority()))
        .put("threshold", IntValue.of(PrimitiveKind.U16, ms.threshold()))
        .put("timeLock", IntValue.of(PrimitiveKind.U32, ms.timeLockSeconds()))
        .put("transactionIndex", u64(ms.transactionIndex()))
        .put("staleTransactionIndex", u64(ms.staleTransactionIndex()))
        .put("rentCollector", ms.rentCollector().<IdlValue>map(k -> OptionValue.some(new PubkeyValue(k)))
            .orElse(OptionValue.none()))
        .put("bump", IntValue.of(PrimitiveKind.U8, ms.bump()))
        .put("members", new SeqValue(members))
        .build();
  }

  /** The multisig PDA for a create key: seeds ["multisig", "multisig", create_key]. */
  public static PublicKey multisigAddress(PublicKey createKey) {
    return PublicKey.findProgramAddress(List.of(SEED_PREFIX, SEED_MULTISIG, createKey.toByteArray()), PROGRAM_ID)
        .publicKey();
  }

  /** The bump of the multisig PDA, as stored in the account's {@code bump}. */
  public static int multisigBump(PublicKey createKey) {
    return PublicKey.findProgramAddress(List.of(SEED_PREFIX, SEED_MULTISIG, createKey.toByteArray()), PROGRAM_ID)
        .nonce();
  }

  /** A vault PDA: seeds ["multisig", multisig, "vault", [index]] with index 0..255. */
  public static PublicKey vaultAddress(PublicKey multisig, int vaultIndex) {
    if (vaultIndex < 0 || vaultIndex > 255) {
      throw new IllegalArgumentException("vault index is a u8: " + vaultIndex);
    }
    return PublicKey.findProgramAddress(
        List.of(SEED_PREFIX, multisig.toByteArray(), SEED_VAULT, new byte[] {(byte) vaultIndex}), PROGRAM_ID)
        .publicKey();
  }

  private static IntValue u64(long v) {
    return new IntValue(PrimitiveKind.U64, new java.math.BigInteger(Long.toUnsignedString(v)));
  }

  private static PublicKey key(IdlValue v, String path) {
    return v.at(path).flatMap(IdlValue::publicKey).orElseThrow(() -> missing(path));
  }

  private static long num(IdlValue v, String path) {
    return v.at(path).flatMap(IdlValue::longValue).orElseThrow(() -> missing(path));
  }

  private static DecodeException missing(String path) {
    return new DecodeException("account Multisig", path, 0, "field is missing from the decoded value",
        "The bundled Squads IDL does not match this decoder; report it", null);
  }

  /** Present for symmetry with the other decoders: the Squads account owner check. */
  public static Optional<String> ownerProblem(PublicKey owner) {
    return Loaders.same(owner, PROGRAM_ID) ? Optional.empty()
        : Optional.of("owned by " + owner.toBase58() + ", not the Squads v4 program " + PROGRAM_ID.toBase58());
  }
}

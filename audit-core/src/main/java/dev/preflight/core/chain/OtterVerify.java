package dev.preflight.core.chain;

import dev.preflight.core.idl.DecodeException;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.idl.IdlValue.IntValue;
import dev.preflight.core.idl.IdlValue.PubkeyValue;
import dev.preflight.core.idl.IdlValue.SeqValue;
import dev.preflight.core.idl.IdlValue.StringValue;
import dev.preflight.core.idl.IdlValue.StructValue;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * The verification records that {@code solana-verify} writes on-chain through the OtterSec verify
 * program. Facts from the public sources, cited because the layout is not ours:
 *
 * <ul>
 *   <li>program id {@code verifycLy8mB96wd9wqq3WDXQwM4oU6r42Th37Db9fC} ({@code declare_id!} in
 *       otter-sec/otter-verify {@code programs/otter-verify/src/lib.rs}; {@code
 *       OTTER_VERIFY_PROGRAMID} in solana-verifiable-build {@code src/solana_program.rs});
 *   <li>PDA seeds {@code ["otter_verify", uploader, program]} (the {@code Initialize} accounts of
 *       otter-verify, {@code find_build_params_pda} in solana-verify);
 *   <li>account {@code BuildParams}: Anchor discriminator, {@code address: Pubkey, signer: Pubkey,
 *       version: String, git_url: String, commit: String, args: Vec<String>, deploy_slot: u64,
 *       bump: u8}, sized exactly to its content ({@code calculate_space} in otter-verify).
 * </ul>
 *
 * <p>The layout is described as an IDL resource ({@code otter_verify.json}) so that the same Borsh
 * codec that reads every other account reads and writes it.
 */
public final class OtterVerify {

  public static final PublicKey PROGRAM_ID =
      PublicKey.fromBase58Encoded("verifycLy8mB96wd9wqq3WDXQwM4oU6r42Th37Db9fC");

  private static final byte[] SEED = "otter_verify".getBytes(StandardCharsets.US_ASCII);
  private static final String ACCOUNT = "BuildParams";

  private final Idl idl;

  private OtterVerify(Idl idl) {
    this.idl = idl;
  }

  /** The layout, parsed once. */
  public static OtterVerify load() {
    return Bundled.INSTANCE;
  }

  private static final class Bundled {
    static final OtterVerify INSTANCE = read();
  }

  private static OtterVerify read() {
    InputStream in = OtterVerify.class.getResourceAsStream("otter_verify.json");
    if (in == null) {
      throw new IllegalStateException("bundled resource otter_verify.json is missing from the class path");
    }
    return new OtterVerify(Idl.load(in, "otter_verify.json (BuildParams layout)"));
  }

  /** The record PDA for {@code program} written by {@code uploader}. */
  public static PublicKey recordAddress(PublicKey uploader, PublicKey program) {
    return PublicKey.findProgramAddress(
        List.of(SEED, uploader.toByteArray(), program.toByteArray()), PROGRAM_ID).publicKey();
  }

  /** The bump of that PDA, as the program stores it. */
  public static int recordBump(PublicKey uploader, PublicKey program) {
    return PublicKey.findProgramAddress(
        List.of(SEED, uploader.toByteArray(), program.toByteArray()), PROGRAM_ID).nonce();
  }

  /** True when the account is owned by the verify program and starts with the record discriminator. */
  public boolean isRecord(PublicKey owner, byte[] data) {
    return Loaders.same(owner, PROGRAM_ID)
        && idl.account(ACCOUNT).orElseThrow().discriminator().matches(data);
  }

  /**
   * Decodes a record.
   *
   * @throws DecodeException when the data is not a {@code BuildParams} account
   */
  public VerificationRecord decode(byte[] data) {
    IdlValue v = idl.decodeAccount(ACCOUNT, data).value();
    List<String> args = new ArrayList<>();
    for (IdlValue a : v.at("args").flatMap(IdlValue::sequence).orElseThrow(() -> missing("args"))) {
      args.add(a.stringValue().orElseThrow(() -> missing("args[]")));
    }
    return new VerificationRecord(
        v.at("address").flatMap(IdlValue::publicKey).orElseThrow(() -> missing("address")),
        v.at("signer").flatMap(IdlValue::publicKey).orElseThrow(() -> missing("signer")),
        text(v, "version"), text(v, "gitUrl"), text(v, "commit"), args,
        v.at("deploySlot").flatMap(IdlValue::longValue).orElseThrow(() -> missing("deploySlot")),
        v.at("bump").flatMap(IdlValue::longValue).orElseThrow(() -> missing("bump")).intValue());
  }

  /** The account data the verify program writes for {@code record} (exactly its size). */
  public byte[] encode(VerificationRecord record) {
    List<IdlValue> args = new ArrayList<>();
    record.args().forEach(a -> args.add(new StringValue(a)));
    return idl.encodeAccount(ACCOUNT, StructValue.builder()
        .put("address", new PubkeyValue(record.program()))
        .put("signer", new PubkeyValue(record.uploader()))
        .put("version", new StringValue(record.version()))
        .put("gitUrl", new StringValue(record.gitUrl()))
        .put("commit", new StringValue(record.commit()))
        .put("args", new SeqValue(args))
        .put("deploySlot", new IntValue(PrimitiveKind.U64,
            new BigInteger(Long.toUnsignedString(record.deploySlot()))))
        .put("bump", IntValue.of(PrimitiveKind.U8, record.bump()))
        .build());
  }

  private static String text(IdlValue v, String field) {
    return v.at(field).flatMap(IdlValue::stringValue).orElseThrow(() -> missing(field));
  }

  private static DecodeException missing(String path) {
    return new DecodeException("account BuildParams", path, 0, "field is missing from the decoded value",
        "The bundled otter_verify.json does not match this decoder; report it", null);
  }
}

package dev.preflight.checks.realbytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.checks.mint.MintExtensionsCheck;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.chain.SplMultisig;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.accounts.token.extensions.ExtensionType;
import software.sava.core.tx.Instruction;

/**
 * The account decoders on bytes the real runtime wrote: the upgradeable loader's accounts of a
 * deployed escrow, an SPL Token multisig initialised by the token program, and Token-2022 mints
 * initialised by the Token-2022 program with one risky extension each (plus one with all of them),
 * then ranked by the mint.extensions check through a real {@link Audit}.
 *
 * <p>Instruction data is written from the spl-token-2022 {@code TokenInstruction} layouts
 * (token/program-2022/src/instruction.rs and the extension instruction modules): one tag byte,
 * then for extensions a sub-instruction byte; {@code COption<Pubkey>} packs as a 0/1 byte followed
 * by 32 bytes when present; {@code OptionalNonZeroPubkey} is 32 bytes, zero for none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealBytesDecoderTest {
  static final PublicKey TOKEN_2022 = TokenMints.TOKEN_2022_PROGRAM;
  /** Mint base is padded to the token-account length, then one account-type byte (1 = Mint). */
  static final int EXTENSIONS_START = 165 + 1;

  // Token-2022 instruction tags (TokenInstruction discriminants).
  static final int INITIALIZE_MINT2 = 20;
  static final int INITIALIZE_MINT_CLOSE_AUTHORITY = 25;
  static final int TRANSFER_FEE_EXTENSION = 26;
  static final int DEFAULT_ACCOUNT_STATE_EXTENSION = 28;
  static final int INITIALIZE_NON_TRANSFERABLE_MINT = 32;
  static final int INITIALIZE_PERMANENT_DELEGATE = 35;
  static final int TRANSFER_HOOK_EXTENSION = 36;
  static final int PAUSABLE_EXTENSION = 44;
  static final int INITIALIZE_MULTISIG2 = 19;

  EmbeddedValidator validator;
  LocalChain chain;
  Signer payer;
  final PublicKey upgradeAuthority = LocalChain.newSigner().publicKey();
  final PublicKey delegate = LocalChain.newSigner().publicKey();
  final PublicKey hookProgram = LocalChain.newSigner().publicKey();
  final PublicKey hookAuthority = LocalChain.newSigner().publicKey();
  final PublicKey pauseAuthority = LocalChain.newSigner().publicKey();
  final PublicKey closeAuthority = LocalChain.newSigner().publicKey();
  final PublicKey feeAuthority = LocalChain.newSigner().publicKey();

  @BeforeAll
  void start() {
    validator = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.of(upgradeAuthority.toBase58()))
        .start();
    chain = new LocalChain(validator.rpcUri());
    payer = chain.fundedSigner(100_000_000_000L);
  }

  @AfterAll
  void stop() {
    if (validator != null) {
      validator.close();
    }
  }

  private byte[] data(PublicKey address) {
    var info = chain.rpc.getAccountInfo(address).join();
    assertTrue(info != null && info.data() != null, "no account at " + address);
    return info.data();
  }

  private PublicKey owner(PublicKey address) {
    return chain.rpc.getAccountInfo(address).join().owner();
  }

  // ---- upgradeable loader ------------------------------------------------------------------

  @Test
  void upgradeableLoaderAccountsOfTheDeployedEscrowDecode() {
    PublicKey program = EscrowProgram.PROGRAM_ID;
    byte[] programBytes = data(program);
    assertEquals(UpgradeableLoaderState.PROGRAM_SIZE, programBytes.length);
    var state = assertInstanceOf(UpgradeableLoaderState.Program.class,
        UpgradeableLoaderState.decode(programBytes, program.toBase58()));
    assertEquals(UpgradeableLoaderState.programDataAddress(program), state.programDataAddress());

    byte[] pdBytes = data(state.programDataAddress());
    var pd = UpgradeableLoaderState.decodeProgramData(pdBytes,
        state.programDataAddress().toBase58());
    assertEquals(Optional.of(upgradeAuthority), pd.upgradeAuthority());
    assertEquals(ProgramHash.ofFile(EscrowProgram.binary(EscrowProgram.Variant.CLEAN)),
        ProgramHash.ofProgramDataAccount(pdBytes));

    // After the authority is removed by the runtime's own state change, the decoder sees none.
    chain.setProgramAuthority(program, Optional.empty());
    try {
      var frozen = UpgradeableLoaderState.decodeProgramData(data(state.programDataAddress()),
          state.programDataAddress().toBase58());
      assertEquals(Optional.empty(), frozen.upgradeAuthority());
    } finally {
      chain.setProgramAuthority(program, Optional.of(upgradeAuthority));
    }
  }

  // ---- SPL Token multisig ------------------------------------------------------------------

  @Test
  void splTokenMultisigInitialisedByTheTokenProgramDecodes() {
    Signer multisig = LocalChain.newSigner();
    List<PublicKey> signers = List.of(LocalChain.newSigner().publicKey(),
        LocalChain.newSigner().publicKey(), LocalChain.newSigner().publicKey());
    long rent = chain.rpc.getMinimumBalanceForRentExemption(SplMultisig.SIZE).join();
    // InitializeMultisig2 { m: u8 }: accounts [multisig (writable), signers...]; no rent sysvar.
    List<AccountMeta> metas = new ArrayList<>();
    metas.add(AccountMeta.createWrite(multisig.publicKey()));
    signers.forEach(s -> metas.add(AccountMeta.createRead(s)));
    Instruction init = Instruction.createInstruction(LocalChain.TOKEN_PROGRAM, metas,
        new byte[] {INITIALIZE_MULTISIG2, 2});
    chain.sendAndConfirm(List.of(LocalChain.createAccount(payer.publicKey(),
        multisig.publicKey(), rent, SplMultisig.SIZE, LocalChain.TOKEN_PROGRAM), init), payer,
        multisig);

    byte[] bytes = data(multisig.publicKey());
    assertTrue(SplMultisig.isMultisig(owner(multisig.publicKey()), bytes));
    SplMultisig ms = SplMultisig.decode(bytes, multisig.publicKey().toBase58());
    assertEquals(2, ms.m());
    assertEquals(3, ms.n());
    assertTrue(ms.initialized());
    assertEquals(signers, ms.signers());
    assertTrue(ms.valid());
  }

  // ---- Token-2022 mints --------------------------------------------------------------------

  /** One extension to put on a mint: its TLV length and the instruction that initialises it. */
  record Ext(String name, int length, byte[] data) {}

  static ByteBuffer buf(int size) {
    return LocalChain.le(size);
  }

  Ext mintCloseAuthority() {
    return new Ext("mint close authority", 32, buf(34).put((byte) INITIALIZE_MINT_CLOSE_AUTHORITY)
        .put((byte) 1).put(closeAuthority.toByteArray()).array());
  }

  Ext permanentDelegate() {
    return new Ext("permanent delegate", 32, buf(33).put((byte) INITIALIZE_PERMANENT_DELEGATE)
        .put(delegate.toByteArray()).array());
  }

  /** TransferFeeInstruction::InitializeTransferFeeConfig: two COption keys, bps u16, max u64. */
  Ext transferFee() {
    return new Ext("transfer fee", 108, buf(2 + 33 + 33 + 2 + 8)
        .put((byte) TRANSFER_FEE_EXTENSION).put((byte) 0)
        .put((byte) 1).put(feeAuthority.toByteArray())
        .put((byte) 1).put(feeAuthority.toByteArray())
        .putShort((short) 250).putLong(5_000_000L).array());
  }

  static Ext nonTransferable() {
    return new Ext("non-transferable", 0, new byte[] {INITIALIZE_NON_TRANSFERABLE_MINT});
  }

  /** DefaultAccountStateInstruction::Initialize with AccountState::Frozen (2). */
  static Ext defaultFrozen() {
    return new Ext("default account state frozen", 1,
        new byte[] {DEFAULT_ACCOUNT_STATE_EXTENSION, 0, 2});
  }

  /** TransferHookInstruction::Initialize { authority, program_id } as OptionalNonZeroPubkey. */
  Ext transferHook() {
    return new Ext("transfer hook", 64, buf(66).put((byte) TRANSFER_HOOK_EXTENSION).put((byte) 0)
        .put(hookAuthority.toByteArray()).put(hookProgram.toByteArray()).array());
  }

  /** PausableInstruction::Initialize { authority }; PausableConfig is authority + paused bool. */
  Ext pausable() {
    return new Ext("pausable", 33, buf(34).put((byte) PAUSABLE_EXTENSION).put((byte) 0)
        .put(pauseAuthority.toByteArray()).array());
  }

  /**
   * Creates a Token-2022 mint with the extensions, in one transaction: create the account with
   * room for each TLV entry, run each extension's initialiser, then InitializeMint2 (with a freeze
   * authority, which a default-frozen mint requires).
   */
  PublicKey mint(List<Ext> exts) {
    Signer mint = LocalChain.newSigner();
    // Without extensions a Token-2022 mint has the plain 82-byte layout, no account-type byte.
    int size = exts.isEmpty() ? 82
        : EXTENSIONS_START + exts.stream().mapToInt(e -> 4 + e.length()).sum();
    long rent = chain.rpc.getMinimumBalanceForRentExemption(size).join();
    List<Instruction> ixs = new ArrayList<>();
    ixs.add(LocalChain.createAccount(payer.publicKey(), mint.publicKey(), rent, size, TOKEN_2022));
    for (Ext e : exts) {
      ixs.add(Instruction.createInstruction(TOKEN_2022,
          List.of(AccountMeta.createWrite(mint.publicKey())), e.data()));
    }
    byte[] init = buf(67).put((byte) INITIALIZE_MINT2).put((byte) 6)
        .put(payer.publicKey().toByteArray()).put((byte) 1).put(payer.publicKey().toByteArray())
        .array();
    ixs.add(Instruction.createInstruction(TOKEN_2022,
        List.of(AccountMeta.createWrite(mint.publicKey())), init));
    chain.sendAndConfirm(ixs, payer, mint);
    return mint.publicKey();
  }

  TokenMints.MintInfo decoded(PublicKey mint) {
    byte[] bytes = data(mint);
    return TokenMints.decodeMint(owner(mint), bytes, mint.toBase58());
  }

  @Test
  void token2022MintsWithRealExtensionsDecodeWithTheirFields() {
    var close = decoded(mint(List.of(mintCloseAuthority())));
    assertEquals(Optional.of(closeAuthority), close.mintCloseAuthority());
    assertEquals(Optional.of(payer.publicKey()), close.mintAuthority());
    assertEquals(6, close.decimals());

    var del = decoded(mint(List.of(permanentDelegate())));
    assertEquals(Optional.of(delegate), del.permanentDelegate());

    var fee = decoded(mint(List.of(transferFee())));
    var cfg = fee.transferFeeConfig().orElseThrow();
    assertEquals(250, cfg.newerTransferFee().transferFeeBasisPoints());
    assertEquals(5_000_000L, cfg.newerTransferFee().maximumFee());
    assertEquals(feeAuthority, cfg.transferFeeConfigAuthority());
    assertEquals(feeAuthority, cfg.withdrawWithheldAuthority());

    assertTrue(decoded(mint(List.of(nonTransferable()))).nonTransferable());

    var frozen = decoded(mint(List.of(defaultFrozen())));
    assertTrue(frozen.defaultAccountStateFrozen());
    assertEquals(Optional.of(payer.publicKey()), frozen.freezeAuthority());

    var hook = decoded(mint(List.of(transferHook())));
    assertEquals(Optional.of(hookProgram), hook.transferHookProgram());
    assertEquals(Optional.of(hookAuthority), hook.transferHookAuthority());

    var pause = decoded(mint(List.of(pausable())));
    assertTrue(pause.pausable());
    assertFalse(pause.paused());
    assertEquals(Optional.of(pauseAuthority), pause.pauseAuthority());

    List<Ext> all = List.of(mintCloseAuthority(), permanentDelegate(), transferFee(),
        nonTransferable(), defaultFrozen(), transferHook(), pausable());
    var every = decoded(mint(all));
    for (ExtensionType t : List.of(ExtensionType.MintCloseAuthority,
        ExtensionType.PermanentDelegate, ExtensionType.TransferFeeConfig,
        ExtensionType.NonTransferable, ExtensionType.DefaultAccountState,
        ExtensionType.TransferHook, ExtensionType.Pausable)) {
      assertTrue(every.has(t), "missing " + t);
    }
    assertTrue(every.unreadExtensions().isEmpty(), every.unreadExtensions().toString());
    assertEquals(Optional.of(delegate), every.permanentDelegate());
  }

  @Test
  void theMintExtensionsCheckRanksRealMintsThroughAnAudit(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Map<String, Severity> expected = new LinkedHashMap<>();
    expected.put(mint(List.of(permanentDelegate())).toBase58(), Severity.CRITICAL);
    expected.put(mint(List.of(transferHook())).toBase58(), Severity.HIGH);
    expected.put(mint(List.of(pausable())).toBase58(), Severity.MEDIUM);
    expected.put(mint(List.of(nonTransferable())).toBase58(), Severity.MEDIUM);
    expected.put(mint(List.of(defaultFrozen())).toBase58(), Severity.MEDIUM);
    expected.put(mint(List.of(mintCloseAuthority())).toBase58(), Severity.MEDIUM);
    expected.put(mint(List.of(transferFee())).toBase58(), Severity.LOW);
    expected.put(mint(List.of(transferFee(), pausable(), permanentDelegate())).toBase58(),
        Severity.CRITICAL);
    String plain = mint(List.of()).toBase58();
    // A permanent delegate held by a governed key is reported but passes.
    String governed = mint(List.of(permanentDelegate())).toBase58();

    StringBuilder mints = new StringBuilder("mints:\n");
    expected.keySet().forEach(m -> mints.append("  - { address: ").append(m)
        .append(", role: payment }\n"));
    mints.append("  - { address: ").append(plain).append(", role: payment }\n");
    mints.append("  - { address: ").append(governed).append(", role: payment, allowedAuthorities: [")
        .append(delegate.toBase58()).append("] }\n");
    String yaml = """
        project: real-mints
        clusters:
          - name: localnet
            url: %s
            kind: localnet
        program:
          id: %s
        """.formatted(validator.rpcUri(), EscrowProgram.PROGRAM_ID.toBase58()) + mints;
    Path file = dir.resolve("preflight.yaml");
    java.nio.file.Files.writeString(file, yaml);
    Policy policy = new PolicyLoader().load(file);

    AuditResult r = Audit.of(policy)
        .checks(CheckRegistry.of(List.of(new MintExtensionsCheck()))).run();
    List<CheckResult> results = r.report().results("mint.extensions");
    assertEquals(expected.size() + 2, results.size());
    for (CheckResult c : results) {
      System.out.printf("%-13s %-8s %s%n", c.outcome(), c.severity(), c.message());
    }
    for (var e : expected.entrySet()) {
      CheckResult c = forMint(results, e.getKey());
      assertEquals(Outcome.FAIL, c.outcome(), c.message());
      assertEquals(e.getValue(), c.severity(), c.message());
      assertTrue(c.evidence().stream().anyMatch(ev -> ev.field().startsWith("extension ")),
          c.evidence().toString());
    }
    assertEquals(Outcome.PASS, forMint(results, plain).outcome());
    CheckResult gov = forMint(results, governed);
    assertEquals(Outcome.PASS, gov.outcome(), gov.message());
    assertTrue(gov.evidence().stream().anyMatch(ev -> ev.value().contains("(governed)")));
  }

  private static CheckResult forMint(List<CheckResult> results, String mint) {
    return results.stream().filter(c -> c.message().contains(mint)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for mint " + mint));
  }
}

package dev.preflight.core.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.SolanaAccounts;
import software.sava.core.accounts.token.AccountState;
import software.sava.core.accounts.token.Mint;
import software.sava.core.accounts.token.TokenAccount;
import software.sava.core.accounts.token.extensions.ConfidentialTransferFeeAmount;
import software.sava.core.accounts.token.extensions.ConfidentialTransferFeeConfig;
import software.sava.core.accounts.token.extensions.ConfidentialMintBurn;
import software.sava.core.accounts.token.extensions.ConfidentialTransferAccount;
import software.sava.core.accounts.token.extensions.ConfidentialTransferMint;
import software.sava.core.accounts.token.extensions.CpiGuard;
import software.sava.core.accounts.token.extensions.DefaultAccountState;
import software.sava.core.accounts.token.extensions.ExtensionType;
import software.sava.core.accounts.token.extensions.GroupMemberPointer;
import software.sava.core.accounts.token.extensions.GroupPointer;
import software.sava.core.accounts.token.extensions.ImmutableOwner;
import software.sava.core.accounts.token.extensions.InterestBearingConfig;
import software.sava.core.accounts.token.extensions.MemoTransfer;
import software.sava.core.accounts.token.extensions.MetadataPointer;
import software.sava.core.accounts.token.extensions.MintCloseAuthority;
import software.sava.core.accounts.token.extensions.NonTransferable;
import software.sava.core.accounts.token.extensions.NonTransferableAccount;
import software.sava.core.accounts.token.extensions.PausableAccount;
import software.sava.core.accounts.token.extensions.PausableConfig;
import software.sava.core.accounts.token.extensions.PermanentDelegate;
import software.sava.core.accounts.token.extensions.ScaledUiAmountConfig;
import software.sava.core.accounts.token.extensions.TokenExtension;
import software.sava.core.accounts.token.extensions.TokenGroup;
import software.sava.core.accounts.token.extensions.TokenGroupMember;
import software.sava.core.accounts.token.extensions.TokenMetadata;
import software.sava.core.accounts.token.extensions.TransferFeeAmount;
import software.sava.core.accounts.token.extensions.TransferFeeConfig;
import software.sava.core.accounts.token.extensions.TransferHook;
import software.sava.core.accounts.token.extensions.TransferHookAccount;

/**
 * Mints and token accounts of the Token and Token-2022 programs, through sava's parsers.
 *
 * <p>sava parses the base layouts ({@link Mint}, {@link TokenAccount}) and each extension; this facade
 * walks the Token-2022 TLV area itself so that one unknown or damaged extension is reported as such
 * instead of failing the whole account (sava's {@code Token2022.read} stops at the first type it does
 * not know). Layout (spl-token-2022): base state (mint 82 bytes, account 165), zero padding to 165,
 * one account-type byte at 165 (1 mint, 2 account), then entries of u16 type, u16 length, value.
 */
public final class TokenMints {

  private TokenMints() {}

  public static final PublicKey TOKEN_PROGRAM = SolanaAccounts.MAIN_NET.tokenProgram();
  public static final PublicKey TOKEN_2022_PROGRAM = SolanaAccounts.MAIN_NET.token2022Program();

  static final int MINT_SIZE = 82;
  static final int ACCOUNT_SIZE = 165;
  private static final int ACCOUNT_TYPE_OFFSET = 165;
  private static final int TLV_START = 166;

  /** Which token program owns the account. */
  public enum Program {
    TOKEN,
    TOKEN_2022
  }

  public static boolean isTokenProgram(PublicKey owner) {
    return Loaders.same(owner, TOKEN_PROGRAM) || Loaders.same(owner, TOKEN_2022_PROGRAM);
  }

  /** One Token-2022 extension entry, parsed, unknown to sava, or unparsable. */
  public sealed interface Extension permits Parsed, Unknown, Unparsable {
    /** The extension type number of the TLV entry. */
    int typeCode();

    /** Length of the entry's value in bytes. */
    int length();
  }

  /** An extension sava knows and parsed; {@code value} is sava's record with typed accessors. */
  public record Parsed(int typeCode, int length, ExtensionType type, TokenExtension value) implements Extension {
    public Parsed {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }
  }

  /** An extension type number sava does not know (newer Token-2022); its raw bytes are kept. */
  public record Unknown(int typeCode, int length, byte[] data) implements Extension {
    public Unknown {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /** An entry that could not be read: truncated, or its value does not parse. */
  public record Unparsable(int typeCode, int length, String reason) implements Extension {}

  /**
   * A mint's key fields.
   *
   * @param supply raw supply (u64, unsigned)
   */
  public record MintInfo(
      Program program,
      Optional<PublicKey> mintAuthority,
      Optional<PublicKey> freezeAuthority,
      long supply,
      int decimals,
      boolean initialized,
      List<Extension> extensions) {

    public MintInfo {
      extensions = List.copyOf(extensions);
    }

    public <T extends TokenExtension> Optional<T> extension(Class<T> type) {
      for (Extension e : extensions) {
        if (e instanceof Parsed p && type.isInstance(p.value())) {
          return Optional.of(type.cast(p.value()));
        }
      }
      return Optional.empty();
    }

    public boolean has(ExtensionType type) {
      return extensions.stream().anyMatch(e -> e instanceof Parsed p && p.type() == type);
    }

    /** Extensions that are present but were not parsed: a check must treat them as inconclusive. */
    public List<Extension> unreadExtensions() {
      return extensions.stream().filter(e -> !(e instanceof Parsed)).toList();
    }

    /** Who can move or burn anyone's tokens, when the mint has a permanent delegate. */
    public Optional<PublicKey> permanentDelegate() {
      return extension(PermanentDelegate.class).map(PermanentDelegate::delegate).flatMap(TokenMints::nonDefault);
    }

    /** The program every transfer calls, when the mint has a transfer hook. */
    public Optional<PublicKey> transferHookProgram() {
      return extension(TransferHook.class).map(TransferHook::programId).flatMap(TokenMints::nonDefault);
    }

    public Optional<PublicKey> transferHookAuthority() {
      return extension(TransferHook.class).map(TransferHook::authority).flatMap(TokenMints::nonDefault);
    }

    public Optional<PublicKey> mintCloseAuthority() {
      return extension(MintCloseAuthority.class).map(MintCloseAuthority::closeAuthority).flatMap(TokenMints::nonDefault);
    }

    public Optional<TransferFeeConfig> transferFeeConfig() {
      return extension(TransferFeeConfig.class);
    }

    public boolean nonTransferable() {
      return has(ExtensionType.NonTransferable);
    }

    public boolean pausable() {
      return has(ExtensionType.Pausable);
    }

    /** True when the mint is pausable and currently paused. */
    public boolean paused() {
      return extension(PausableConfig.class).map(PausableConfig::paused).orElse(false);
    }

    public Optional<PublicKey> pauseAuthority() {
      return extension(PausableConfig.class).map(PausableConfig::authority).flatMap(TokenMints::nonDefault);
    }

    /** True when new token accounts start frozen (DefaultAccountState = Frozen). */
    public boolean defaultAccountStateFrozen() {
      return extension(DefaultAccountState.class).map(d -> d.state() == AccountState.Frozen.ordinal()).orElse(false);
    }
  }

  /** A token account's key fields. */
  public record TokenAccountInfo(
      Program program,
      PublicKey mint,
      PublicKey owner,
      long amount,
      Optional<PublicKey> delegate,
      AccountState state,
      Optional<PublicKey> closeAuthority,
      List<Extension> extensions) {
    public TokenAccountInfo {
      extensions = List.copyOf(extensions);
    }
  }

  /**
   * Decodes a mint.
   *
   * @param owner the account's owner: Token or Token-2022
   * @throws ChainDecodeException when the owner is no token program or the data is no mint
   */
  public static MintInfo decodeMint(PublicKey owner, byte[] data, String address) {
    Program program = program(owner, "mint", address);
    if (data.length < MINT_SIZE) {
      throw new ChainDecodeException("mint", address, data.length, "has " + data.length + " bytes, a mint has at least "
          + MINT_SIZE, "Check that the address is a mint");
    }
    checkOptionTag(data, 0, "mint authority", address);
    checkOptionTag(data, 46, "freeze authority", address);
    if ((data[45] & 0xFF) > 1) {
      throw new ChainDecodeException("mint", address, 45, "is_initialized byte is " + (data[45] & 0xFF),
          "The data is not a mint");
    }
    Mint mint = Mint.read(null, data);
    List<Extension> extensions = List.of();
    if (data.length > MINT_SIZE) {
      if (program == Program.TOKEN) {
        throw new ChainDecodeException("mint", address, MINT_SIZE, "has " + data.length
            + " bytes under the Token program, whose mints are exactly " + MINT_SIZE, "Check the account's owner");
      }
      extensions = extensions(data, 1, "mint", address);
    }
    return new MintInfo(program, Optional.ofNullable(mint.mintAuthority()), Optional.ofNullable(mint.freezeAuthority()),
        mint.supply(), mint.decimals(), mint.initialized(), extensions);
  }

  /** Decodes a token account. */
  public static TokenAccountInfo decodeTokenAccount(PublicKey owner, byte[] data, String address) {
    Program program = program(owner, "token account", address);
    if (data.length < ACCOUNT_SIZE || data.length == SplMultisig.SIZE) {
      throw new ChainDecodeException("token account", address, data.length, "has " + data.length
          + " bytes, which is not a token account", "Check that the address is a token account");
    }
    checkOptionTag(data, 72, "delegate", address);
    checkOptionTag(data, 121, "is_native", address);
    checkOptionTag(data, 129, "close authority", address);
    int state = data[108] & 0xFF;
    if (state > 2) {
      throw new ChainDecodeException("token account", address, 108, "state byte is " + state + ", expected 0..2",
          "The data is not a token account");
    }
    TokenAccount a = TokenAccount.read(null, data);
    List<Extension> extensions = List.of();
    if (data.length > ACCOUNT_SIZE) {
      if (program == Program.TOKEN) {
        throw new ChainDecodeException("token account", address, ACCOUNT_SIZE, "has " + data.length
            + " bytes under the Token program, whose accounts are exactly " + ACCOUNT_SIZE, "Check the account's owner");
      }
      extensions = extensions(data, 2, "token account", address);
    }
    return new TokenAccountInfo(program, a.mint(), a.owner(), a.amount(), Optional.ofNullable(a.delegate()),
        a.state(), Optional.ofNullable(a.closeAuthority()), extensions);
  }

  private static Program program(PublicKey owner, String kind, String address) {
    if (Loaders.same(owner, TOKEN_PROGRAM)) {
      return Program.TOKEN;
    }
    if (Loaders.same(owner, TOKEN_2022_PROGRAM)) {
      return Program.TOKEN_2022;
    }
    throw new ChainDecodeException(kind, address, 0, "is owned by " + owner.toBase58()
        + ", not the Token or Token-2022 program", "Check the address");
  }

  private static void checkOptionTag(byte[] data, int at, String field, String address) {
    long tag = Bytes.u32(data, at);
    if (tag > 1) {
      throw new ChainDecodeException("token account data", address, at, field + " option tag at offset " + at + " is "
          + tag + ", expected 0 or 1", "The data is corrupt or of another kind");
    }
  }

  /** Walks the TLV area; never throws for what is inside it. */
  static List<Extension> extensions(byte[] data, int expectedAccountType, String kind, String address) {
    if (data.length < TLV_START) {
      throw new ChainDecodeException(kind, address, data.length, "has " + data.length
          + " bytes: extensions need the account-type byte at " + ACCOUNT_TYPE_OFFSET, "The data is truncated");
    }
    for (int i = expectedAccountType == 1 ? MINT_SIZE : ACCOUNT_SIZE; i < ACCOUNT_TYPE_OFFSET; i++) {
      if (data[i] != 0) {
        throw new ChainDecodeException(kind, address, i, "padding byte at offset " + i + " is not zero",
            "The data is not a Token-2022 " + kind);
      }
    }
    int accountType = data[ACCOUNT_TYPE_OFFSET] & 0xFF;
    if (accountType != expectedAccountType) {
      throw new ChainDecodeException(kind, address, ACCOUNT_TYPE_OFFSET, "account-type byte is " + accountType
          + ", a " + kind + " has " + expectedAccountType, "Check that the address is a " + kind);
    }
    List<Extension> out = new ArrayList<>();
    ExtensionType[] known = ExtensionType.values();
    int at = TLV_START;
    while (at + 4 <= data.length) {
      int type = Bytes.u16(data, at);
      int len = Bytes.u16(data, at + 2);
      int value = at + 4;
      if (type == 0) {
        break; // ExtensionType::Uninitialized: the rest is unused space
      }
      if (value + len > data.length) {
        out.add(new Unparsable(type, len, "entry at offset " + at + " claims " + len + " bytes, only "
            + (data.length - value) + " remain"));
        break;
      }
      if (type >= known.length) {
        out.add(new Unknown(type, len, Arrays.copyOfRange(data, value, value + len)));
      } else {
        out.add(parse(known[type], data, value, len));
      }
      at = value + len;
    }
    if (at < data.length && at + 4 > data.length && !allZero(data, at)) {
      out.add(new Unparsable(-1, data.length - at, (data.length - at) + " stray byte(s) after the last entry"));
    }
    return out;
  }

  private static boolean allZero(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Fixed value sizes for the extensions sava reads without a length (spl-token-2022 Pod sizes). */
  private static int expectedSize(ExtensionType t) {
    return switch (t) {
      case TransferFeeConfig -> TransferFeeConfig.BYTES;
      case TransferFeeAmount -> TransferFeeAmount.BYTES;
      case MintCloseAuthority -> MintCloseAuthority.BYTES;
      case ConfidentialTransferMint -> ConfidentialTransferMint.BYTES;
      case ConfidentialTransferAccount -> ConfidentialTransferAccount.BYTES;
      case DefaultAccountState -> DefaultAccountState.BYTES;
      case MemoTransfer -> MemoTransfer.BYTES;
      case InterestBearingConfig -> InterestBearingConfig.BYTES;
      case CpiGuard -> CpiGuard.BYTES;
      case PermanentDelegate -> PermanentDelegate.BYTES;
      case TransferHook -> TransferHook.BYTES;
      case TransferHookAccount -> TransferHookAccount.BYTES;
      case MetadataPointer -> MetadataPointer.BYTES;
      case GroupPointer -> GroupPointer.BYTES;
      case GroupMemberPointer -> GroupMemberPointer.BYTES;
      case ConfidentialMintBurn -> ConfidentialMintBurn.BYTES;
      case ScaledUiAmount -> ScaledUiAmountConfig.BYTES;
      case Pausable -> PausableConfig.BYTES;
      case ImmutableOwner, NonTransferable, NonTransferableAccount, PausableAccount -> 0;
      default -> -1; // variable or not fixed here: TokenMetadata, TokenGroup(Member), confidential fee
    };
  }

  private static Extension parse(ExtensionType t, byte[] data, int at, int len) {
    int expected = expectedSize(t);
    if (expected >= 0 && len < expected) {
      return new Unparsable(t.ordinal(), len, t + " needs " + expected + " bytes, the entry has " + len);
    }
    try {
      TokenExtension ext = switch (t) {
        case Uninitialized -> throw new IllegalStateException("unreachable");
        case TransferFeeConfig -> TransferFeeConfig.read(data, at);
        case TransferFeeAmount -> TransferFeeAmount.read(data, at);
        case MintCloseAuthority -> MintCloseAuthority.read(data, at);
        case ConfidentialTransferMint -> ConfidentialTransferMint.read(data, at);
        case ConfidentialTransferAccount -> ConfidentialTransferAccount.read(data, at);
        case DefaultAccountState -> DefaultAccountState.read(data, at);
        case ImmutableOwner -> ImmutableOwner.INSTANCE;
        case MemoTransfer -> MemoTransfer.read(data, at);
        case NonTransferable -> NonTransferable.INSTANCE;
        case InterestBearingConfig -> InterestBearingConfig.read(data, at);
        case CpiGuard -> CpiGuard.read(data, at);
        case PermanentDelegate -> PermanentDelegate.read(data, at);
        case NonTransferableAccount -> NonTransferableAccount.INSTANCE;
        case TransferHook -> TransferHook.read(data, at);
        case TransferHookAccount -> TransferHookAccount.read(data, at);
        case ConfidentialTransferFeeConfig -> ConfidentialTransferFeeConfig.read(data, at, at + len);
        case ConfidentialTransferFeeAmount -> ConfidentialTransferFeeAmount.read(data, at, at + len);
        case MetadataPointer -> MetadataPointer.read(data, at);
        case TokenMetadata -> TokenMetadata.read(Arrays.copyOfRange(data, 0, at + len), at);
        case GroupPointer -> GroupPointer.read(data, at);
        case TokenGroup -> TokenGroup.INSTANCE;
        case GroupMemberPointer -> GroupMemberPointer.read(data, at);
        case TokenGroupMember -> TokenGroupMember.INSTANCE;
        case ConfidentialMintBurn -> ConfidentialMintBurn.read(data, at);
        case ScaledUiAmount -> ScaledUiAmountConfig.read(data, at);
        case Pausable -> PausableConfig.read(data, at);
        case PausableAccount -> PausableAccount.INSTANCE;
      };
      return new Parsed(t.ordinal(), len, t, ext);
    } catch (RuntimeException e) {
      return new Unparsable(t.ordinal(), len, t + " does not parse: " + e);
    }
  }

  private static Optional<PublicKey> nonDefault(PublicKey key) {
    return key == null || Arrays.equals(key.toByteArray(), new byte[32]) ? Optional.empty() : Optional.of(key);
  }
}

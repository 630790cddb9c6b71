package dev.preflight.core.idl;

import java.util.Map;
import java.util.Optional;

/**
 * The errors Anchor's framework returns below the programs' own range (which starts at 6000):
 * instruction dispatch 100-103, IDL instructions 1000-1002, event CPI 1500, account constraints
 * 2000-2039, {@code require!} macros 2500-2506, accounts 3000-3017, misc 4100-4102, deprecated
 * 5000. Codes and names are Anchor's {@code ErrorCode} enum (anchor-lang {@code lang/src/error.rs},
 * mirrored in coral-xyz/anchor {@code ts/packages/anchor-errors/src/index.ts}); the descriptions
 * are ours. A program that is not built with Anchor may use these numbers for its own errors, so
 * a name from here is shown as Anchor's.
 */
final class AnchorErrors {
  private AnchorErrors() {}

  /** The first code of a program's own errors ({@code ERROR_CODE_OFFSET}). */
  static final int USER_OFFSET = 6000;

  private static final Map<Integer, IdlError> BY_CODE = build(
      100, "InstructionMissing", "no 8-byte instruction discriminator was given",
      101, "InstructionFallbackNotFound", "the program has no fallback for this discriminator",
      102, "InstructionDidNotDeserialize", "the instruction data did not deserialize",
      103, "InstructionDidNotSerialize", "the instruction data did not serialize",
      1000, "IdlInstructionStub", "the program was built without IDL instructions",
      1001, "IdlInstructionInvalidProgram", "the IDL instruction was given another program",
      1002, "IdlAccountNotEmpty", "the IDL account must be empty to be resized",
      1500, "EventInstructionStub", "the program was built without the event-cpi feature",
      2000, "ConstraintMut", "an account marked mut was not writable",
      2001, "ConstraintHasOne", "a has_one constraint failed",
      2002, "ConstraintSigner", "a signer constraint failed",
      2003, "ConstraintRaw", "a constraint expression failed",
      2004, "ConstraintOwner", "an owner constraint failed",
      2005, "ConstraintRentExempt", "a rent-exemption constraint failed",
      2006, "ConstraintSeeds", "a seeds constraint failed (the address is not the expected PDA)",
      2007, "ConstraintExecutable", "an executable constraint failed",
      2008, "ConstraintState", "deprecated state constraint",
      2009, "ConstraintAssociated", "an associated constraint failed",
      2010, "ConstraintAssociatedInit", "an associated init constraint failed",
      2011, "ConstraintClose", "a close constraint failed",
      2012, "ConstraintAddress", "an address constraint failed",
      2013, "ConstraintZero", "the account was expected to have a zero discriminator",
      2014, "ConstraintTokenMint", "a token mint constraint failed",
      2015, "ConstraintTokenOwner", "a token owner constraint failed",
      2016, "ConstraintMintMintAuthority", "a mint authority constraint failed",
      2017, "ConstraintMintFreezeAuthority", "a freeze authority constraint failed",
      2018, "ConstraintMintDecimals", "a mint decimals constraint failed",
      2019, "ConstraintSpace", "a space constraint failed",
      2020, "ConstraintAccountIsNone", "an account a constraint needs was not given",
      2021, "ConstraintTokenTokenProgram", "a token account's token program constraint failed",
      2022, "ConstraintMintTokenProgram", "a mint's token program constraint failed",
      2023, "ConstraintAssociatedTokenTokenProgram",
          "an associated token account's token program constraint failed",
      2024, "ConstraintMintGroupPointerExtension", "a group pointer extension constraint failed",
      2025, "ConstraintMintGroupPointerExtensionAuthority",
          "a group pointer authority constraint failed",
      2026, "ConstraintMintGroupPointerExtensionGroupAddress",
          "a group pointer address constraint failed",
      2027, "ConstraintMintGroupMemberPointerExtension",
          "a group member pointer extension constraint failed",
      2028, "ConstraintMintGroupMemberPointerExtensionAuthority",
          "a group member pointer authority constraint failed",
      2029, "ConstraintMintGroupMemberPointerExtensionMemberAddress",
          "a group member pointer address constraint failed",
      2030, "ConstraintMintMetadataPointerExtension",
          "a metadata pointer extension constraint failed",
      2031, "ConstraintMintMetadataPointerExtensionAuthority",
          "a metadata pointer authority constraint failed",
      2032, "ConstraintMintMetadataPointerExtensionMetadataAddress",
          "a metadata pointer address constraint failed",
      2033, "ConstraintMintCloseAuthorityExtension", "a close authority extension constraint failed",
      2034, "ConstraintMintCloseAuthorityExtensionAuthority",
          "a close authority constraint failed",
      2035, "ConstraintMintPermanentDelegateExtension",
          "a permanent delegate extension constraint failed",
      2036, "ConstraintMintPermanentDelegateExtensionDelegate",
          "a permanent delegate constraint failed",
      2037, "ConstraintMintTransferHookExtension", "a transfer hook extension constraint failed",
      2038, "ConstraintMintTransferHookExtensionAuthority",
          "a transfer hook authority constraint failed",
      2039, "ConstraintMintTransferHookExtensionProgramId",
          "a transfer hook program id constraint failed",
      2500, "RequireViolated", "a require! check failed",
      2501, "RequireEqViolated", "a require_eq! check failed",
      2502, "RequireKeysEqViolated", "a require_keys_eq! check failed",
      2503, "RequireNeqViolated", "a require_neq! check failed",
      2504, "RequireKeysNeqViolated", "a require_keys_neq! check failed",
      2505, "RequireGtViolated", "a require_gt! check failed",
      2506, "RequireGteViolated", "a require_gte! check failed",
      3000, "AccountDiscriminatorAlreadySet", "the account already has a discriminator",
      3001, "AccountDiscriminatorNotFound", "the account has no 8-byte discriminator",
      3002, "AccountDiscriminatorMismatch", "the account's discriminator is not the expected one",
      3003, "AccountDidNotDeserialize", "the account data did not deserialize",
      3004, "AccountDidNotSerialize", "the account data did not serialize",
      3005, "AccountNotEnoughKeys", "the instruction was given too few accounts",
      3006, "AccountNotMutable", "the account is not writable",
      3007, "AccountOwnedByWrongProgram", "the account is owned by another program",
      3008, "InvalidProgramId", "the program id is not the expected one",
      3009, "InvalidProgramExecutable", "the program account is not executable",
      3010, "AccountNotSigner", "the account did not sign",
      3011, "AccountNotSystemOwned", "the account is not owned by the system program",
      3012, "AccountNotInitialized", "the account is not initialized",
      3013, "AccountNotProgramData", "the account is not a program data account",
      3014, "AccountNotAssociatedTokenAccount", "the account is not the associated token account",
      3015, "AccountSysvarMismatch", "the key is not the required sysvar",
      3016, "AccountReallocExceedsLimit", "the reallocation exceeds the per-instruction limit",
      3017, "AccountDuplicateReallocs", "the account was reallocated more than once",
      4100, "DeclaredProgramIdMismatch", "the declared program id is not the running program's",
      4101, "TryingToInitPayerAsProgramAccount", "the payer cannot be initialized as a program "
          + "account",
      4102, "InvalidNumericConversion", "a numeric conversion was out of range",
      5000, "Deprecated", "a deprecated API was used");

  static Optional<IdlError> of(int code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  private static Map<Integer, IdlError> build(Object... entries) {
    java.util.HashMap<Integer, IdlError> m = new java.util.HashMap<>();
    for (int i = 0; i < entries.length; i += 3) {
      int code = (Integer) entries[i];
      m.put(code, new IdlError(code, (String) entries[i + 1],
          Optional.of((String) entries[i + 2])));
    }
    return Map.copyOf(m);
  }
}

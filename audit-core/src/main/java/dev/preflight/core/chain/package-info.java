/**
 * Decoders for on-chain accounts the audit reads, all pure (bytes in, records out):
 * upgradeable-loader state and ProgramData ({@link dev.preflight.core.chain.UpgradeableLoaderState}),
 * loader-v4 headers ({@link dev.preflight.core.chain.LoaderV4State}), the immutable loaders
 * ({@link dev.preflight.core.chain.Loaders}), program hashes as solana-verify computes them
 * ({@link dev.preflight.core.chain.ProgramHash}), Squads v4 multisigs through the bundled IDL
 * ({@link dev.preflight.core.chain.SquadsV4}) and their proposals, vault and config transactions and
 * spending limits ({@link dev.preflight.core.chain.SquadsAccounts}), the upgradeable loader's
 * authority-changing instructions ({@link dev.preflight.core.chain.LoaderInstruction}),
 * solana-verify's verification records ({@link dev.preflight.core.chain.OtterVerify}), SPL Token
 * native multisigs
 * ({@link dev.preflight.core.chain.SplMultisig}), mints and token accounts with their Token-2022
 * extensions via sava ({@link dev.preflight.core.chain.TokenMints}), ELF64 headers
 * ({@link dev.preflight.core.chain.Elf64}) and embedded security.txt
 * ({@link dev.preflight.core.chain.SecurityTxt}).
 *
 * <p>Bad bytes raise {@link dev.preflight.core.chain.ChainDecodeException} or
 * {@link dev.preflight.core.chain.ElfException} with the account kind, address and offset.
 */
package dev.preflight.core.chain;

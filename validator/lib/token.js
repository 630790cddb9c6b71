// SPL Token / Token-2022 account reading for transaction token balances and the token cheatcode.
// Layouts per spl-token's state.rs: Account is 165 bytes (mint 0..32, owner 32..64, amount u64 at
// 64, delegate COption<Pubkey> at 72 (u32 tag + 32), state u8 at 108, is_native COption<u64> at
// 109 (u32 tag + 8), delegated_amount u64 at 121, close_authority COption<Pubkey> at 129);
// Mint is 82 bytes with decimals at 44 and is_initialized at 45. Token-2022 appends the account
// type byte at 165 (1 = mint, 2 = account) when extensions follow.

import { b58encode } from './codec.js';
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from './keys.js';

export const TOKEN_ACCOUNT_LEN = 165;
export const MINT_LEN = 82;

export function isTokenProgram(owner) {
  return owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM;
}

/** Returns {mint, owner, amount} of an initialized token account, or null. */
export function readTokenAccount(ownerProgram, data) {
  if (!isTokenProgram(ownerProgram) || data.length < TOKEN_ACCOUNT_LEN) return null;
  if (data.length > TOKEN_ACCOUNT_LEN) {
    // Only Token-2022 accounts carry extensions; their type byte says "account".
    if (ownerProgram !== TOKEN_2022_PROGRAM || data[TOKEN_ACCOUNT_LEN] !== 2) return null;
  }
  const state = data[108];
  if (state !== 1 && state !== 2) return null; // Initialized or Frozen
  return {
    mint: b58encode(data.subarray(0, 32)),
    owner: b58encode(data.subarray(32, 64)),
    amount: Buffer.from(data.buffer, data.byteOffset, data.length).readBigUInt64LE(64),
  };
}

/** Decimals of an initialized mint, or null. */
export function readMintDecimals(ownerProgram, data) {
  if (!isTokenProgram(ownerProgram) || data.length < MINT_LEN || data[45] !== 1) return null;
  return data[44];
}

/** UiTokenAmount as Agave's token_amount_to_ui_amount builds it. */
export function uiTokenAmount(amount, decimals) {
  const digits = amount.toString();
  let uiAmountString;
  if (decimals === 0) {
    uiAmountString = digits;
  } else {
    const padded = digits.padStart(decimals + 1, '0');
    const whole = padded.slice(0, padded.length - decimals);
    const frac = padded.slice(padded.length - decimals).replace(/0+$/, '');
    uiAmountString = frac.length > 0 ? `${whole}.${frac}` : whole;
  }
  return {
    amount: digits,
    decimals,
    uiAmount: Number(amount) / 10 ** decimals,
    uiAmountString,
  };
}

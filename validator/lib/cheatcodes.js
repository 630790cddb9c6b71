// State-changing test methods under surfpool's names and parameter shapes (surfpool-core
// rpc/surfnet_cheatcodes.rs and surfpool-types AccountUpdate / TokenAccountUpdate /
// TimeTravelConfig), so a client written for surfpool drives this validator unchanged.

import { b58encode, hexdecode } from './codec.js';
import { U64_MAX } from './chain.js';
import { invalidParams } from './errors.js';
import { ASSOCIATED_TOKEN_PROGRAM, BPF_LOADER_UPGRADEABLE, SYSTEM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM,
  addressBytes, findProgramAddress, programDataAddress } from './keys.js';
import { pubkey } from './rpc.js';

function params(p, min, max) {
  if (p === undefined || p === null) p = [];
  if (!Array.isArray(p) || p.length < min || p.length > max) {
    throw invalidParams(`Invalid params: expected ${min === max ? min : `${min} to ${max}`} positional parameters`);
  }
  return p;
}

/** A u64 given as a JSON number or, for values beyond 2^53, as a decimal string. */
function u64Value(value, name) {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) <= U64_MAX) return BigInt(value);
  throw invalidParams(`Invalid params: ${name} must be a u64 (a number, or a decimal string above 2^53)`);
}

function optionalAccount(value, name) {
  // surfpool's SetSomeAccount: a base58 address, or null / the string "null" to clear it.
  if (value === null || value === 'null') return null;
  const bytes = typeof value === 'string' ? addressBytes(value) : null;
  if (bytes === null) throw invalidParams(`Invalid params: ${name} must be a base58 address or null`);
  return bytes;
}

/**
 * Validates a surfpool AccountUpdate ({lamports?, data? (hex), owner?, executable?, rentEpoch?})
 * into the fields to change; throws -32602 on a malformed field.
 */
export function parseAccountUpdate(update) {
  if (!update || typeof update !== 'object' || Array.isArray(update)) throw invalidParams('Invalid params: the second parameter must be an AccountUpdate object');
  const patch = {};
  if (update.lamports !== undefined && update.lamports !== null) patch.lamports = u64Value(update.lamports, 'lamports');
  if (update.data !== undefined && update.data !== null) {
    const data = hexdecode(update.data);
    if (data === null) throw invalidParams('Invalid hex data provided: expected an even number of hex digits');
    patch.data = data;
  }
  if (update.owner !== undefined && update.owner !== null) patch.owner = pubkey(update.owner);
  if (update.executable !== undefined && update.executable !== null) patch.executable = update.executable === true;
  if (update.rentEpoch !== undefined && update.rentEpoch !== null) patch.rentEpoch = u64Value(update.rentEpoch, 'rentEpoch');
  return patch;
}

/** Writes a parsed update: absent fields keep their value; a new account starts empty, System-owned. */
export function applyAccountUpdate(chain, key, patch) {
  const current = chain.getAccount(key);
  const next = current
    ? { lamports: current.lamports(), data: current.data(), owner: current.owner(), executable: current.executable(), rentEpoch: current.rentEpoch() }
    : { lamports: 0n, data: new Uint8Array(0), owner: addressBytes(SYSTEM_PROGRAM), executable: false, rentEpoch: 0n };
  chain.setAccount(key, { ...next, ...patch });
}

/** A save-point id: the string surfnet_snapshot returned (a bare number is accepted too). */
export function snapshotId(value) {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) throw invalidParams('Invalid params: the snapshot id must be the string surfnet_snapshot returned');
  return value;
}

const TOKEN_STATES = { uninitialized: 0, initialized: 1, frozen: 2 };

export function createCheatcodes(chain) {
  const ok = () => ({ context: chain.context(), value: null });

  return {
    /** surfnet_setAccount(pubkey, {lamports?, data? (hex), owner?, executable?, rentEpoch?}) */
    surfnet_setAccount(p) {
      const [address, update] = params(p, 2, 2);
      applyAccountUpdate(chain, pubkey(address), parseAccountUpdate(update));
      return ok();
    },

    /**
     * surfnet_setTokenAccount(owner, mint, {amount?, delegate?, state?, delegatedAmount?,
     * closeAuthority?}, tokenProgram?): updates (or creates) the owner's associated token account.
     */
    surfnet_setTokenAccount(p) {
      const [ownerText, mintText, update, programText] = params(p, 3, 4);
      const owner = pubkey(ownerText);
      const mint = pubkey(mintText);
      const program = programText === undefined || programText === null ? addressBytes(TOKEN_PROGRAM) : pubkey(programText);
      const programB58 = b58encode(program);
      if (programB58 !== TOKEN_PROGRAM && programB58 !== TOKEN_2022_PROGRAM) {
        throw invalidParams(`Invalid params: ${programB58} is not a token program`);
      }
      if (!update || typeof update !== 'object') throw invalidParams('Invalid params: the third parameter must be a TokenAccountUpdate object');
      const [ata] = findProgramAddress([owner, program, mint], addressBytes(ASSOCIATED_TOKEN_PROGRAM));
      const current = chain.getAccount(ata);
      let data;
      let lamports;
      if (current) {
        data = Buffer.from(current.data());
        lamports = current.lamports();
      } else {
        // A fresh account as the associated token program creates it; Token-2022 adds the
        // account-type byte and the ImmutableOwner extension (TLV type 7, length 0).
        data = Buffer.alloc(programB58 === TOKEN_2022_PROGRAM ? 170 : 165);
        mint.copy(data, 0);
        owner.copy(data, 32);
        data[108] = 1;
        if (programB58 === TOKEN_2022_PROGRAM) {
          data[165] = 2;
          data.writeUInt16LE(7, 166);
          data.writeUInt16LE(0, 168);
        }
        lamports = chain.minimumBalance(data.length);
      }
      if (data.length < 165) throw invalidParams(`Account ${b58encode(ata)} is not a token account`);
      if (update.amount !== undefined && update.amount !== null) data.writeBigUInt64LE(u64Value(update.amount, 'amount'), 64);
      if (update.delegate !== undefined) {
        const delegate = optionalAccount(update.delegate, 'delegate');
        data.writeUInt32LE(delegate ? 1 : 0, 72);
        (delegate ?? Buffer.alloc(32)).copy(data, 76);
      }
      if (update.state !== undefined && update.state !== null) {
        const state = TOKEN_STATES[update.state];
        if (state === undefined) throw invalidParams('Invalid params: state must be one of uninitialized, initialized, frozen');
        data[108] = state;
      }
      if (update.delegatedAmount !== undefined && update.delegatedAmount !== null) {
        data.writeBigUInt64LE(u64Value(update.delegatedAmount, 'delegatedAmount'), 121);
      }
      if (update.closeAuthority !== undefined) {
        const authority = optionalAccount(update.closeAuthority, 'closeAuthority');
        data.writeUInt32LE(authority ? 1 : 0, 129);
        (authority ?? Buffer.alloc(32)).copy(data, 133);
      }
      chain.setAccount(ata, { lamports, data, owner: program, executable: false, rentEpoch: U64_MAX });
      return ok();
    },

    /**
     * surfnet_setProgramAuthority(programId, newAuthority | null): rewrites the ProgramData
     * header the way the loader's SetAuthority does (bincode into the 45-byte header, so clearing
     * the authority writes tag 0 and leaves the old key bytes in place).
     */
    surfnet_setProgramAuthority(p) {
      const [programText, authorityText] = params(p, 1, 2);
      const program = pubkey(programText);
      const authority = authorityText === undefined ? null : optionalAccount(authorityText, 'newAuthority');
      const programData = programDataAddress(program);
      const acc = chain.getAccount(programData);
      if (!acc || b58encode(acc.owner()) !== BPF_LOADER_UPGRADEABLE) {
        throw invalidParams(`Program ${programText} has no ProgramData account (${b58encode(programData)}); is it deployed with the upgradeable loader?`);
      }
      const data = Buffer.from(acc.data());
      if (data.length < 45 || data.readUInt32LE(0) !== 3) throw invalidParams(`Account ${b58encode(programData)} is not a ProgramData account`);
      if (authority) {
        data[12] = 1;
        authority.copy(data, 13);
      } else {
        data[12] = 0;
      }
      chain.setAccount(programData, { lamports: acc.lamports(), data, owner: acc.owner(), executable: false, rentEpoch: acc.rentEpoch() });
      return ok();
    },

    /** surfnet_timeTravel({absoluteSlot} | {absoluteEpoch} | {absoluteTimestamp (ms)}) -> EpochInfo */
    surfnet_timeTravel(p) {
      const [cfg] = params(p, 1, 1);
      if (!cfg || typeof cfg !== 'object') throw invalidParams('Invalid params: expected a TimeTravelConfig object');
      return chain.timeTravel(cfg);
    },

    /**
     * surfnet_snapshot() -> {context, value: id}: a save point of every account, the clock, the
     * blocks and the transaction history. Not in surfpool (whose surfnet_exportSnapshot exports
     * accounts as fixtures); named in its style.
     */
    surfnet_snapshot(p) {
      params(p, 0, 0);
      return { context: chain.context(), value: chain.snapshot() };
    },

    /** surfnet_revert(id): back to the save point, which stays usable; later ones are dropped. */
    surfnet_revert(p) {
      const [id] = params(p, 1, 1);
      chain.revert(snapshotId(id));
      return ok();
    },

    /** surfnet_releaseSnapshot(id) -> {context, value: true|false (unknown id)}. */
    surfnet_releaseSnapshot(p) {
      const [id] = params(p, 1, 1);
      return { context: chain.context(), value: chain.releaseSnapshot(snapshotId(id)) };
    },

    /** surfnet_pauseClock() -> EpochInfo: the slot timer stops until surfnet_resumeClock. */
    surfnet_pauseClock(p) {
      params(p, 0, 0);
      chain.paused = true;
      return chain.epochInfo();
    },

    surfnet_resumeClock(p) {
      params(p, 0, 0);
      chain.paused = false;
      return chain.epochInfo();
    },
  };
}

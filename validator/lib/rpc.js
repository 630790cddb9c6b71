// Solana JSON-RPC methods, with the parameter shapes, defaults, limits and error texts of Agave's
// rpc.rs (encodings, MAX_MULTIPLE_ACCOUNTS = 100, 4 program-account filters, 256 signatures
// per status query, 1,000 signatures per address page, base58 data up to 128 bytes).

import { b58decode, b58decodeFixed, b58encode, b64decodeStrict, zstdRawFrame } from './codec.js';
import { GENESIS_HASH, FEATURE_SET, SOLANA_CORE_VERSION } from './chain.js';
import { RpcError, UNSUPPORTED_TRANSACTION_VERSION, invalidParams } from './errors.js';
import { u64 } from './json.js';
import { addressBytes } from './keys.js';

const MAX_BASE58_BYTES = 128;
const MAX_MULTIPLE_ACCOUNTS = 100;
const MAX_PROGRAM_ACCOUNT_FILTERS = 4;
const MAX_SIGNATURE_STATUSES = 256;
const MAX_SIGNATURES_FOR_ADDRESS = 1000;
// Packet-size limits of Agave's decode_and_deserialize (PACKET_DATA_SIZE = 1232).
const MAX_BASE58_TX = 1683;
const MAX_BASE64_TX = 1644;
const PACKET_DATA_SIZE = 1232;

const ACCOUNT_ENCODINGS = new Set(['binary', 'base58', 'base64', 'base64+zstd', 'jsonParsed']);

// ---- parameter helpers ---------------------------------------------------------------------

function params(p, min, max) {
  if (p === undefined || p === null) p = [];
  if (!Array.isArray(p)) throw invalidParams('Invalid params: invalid type: map, expected a sequence');
  if (p.length < min) throw invalidParams(`Invalid params: invalid length ${p.length}, expected ${min === max ? min : `at least ${min}`} parameter${min === 1 ? '' : 's'}`);
  if (p.length > max) throw invalidParams(`Invalid params: invalid length ${p.length}, expected at most ${max}`);
  return p;
}

function config(value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParams('Invalid params: invalid type: expected a config object');
  return value;
}

export function pubkey(text) {
  if (typeof text !== 'string') throw invalidParams('Invalid params: invalid type: expected a base58 string');
  const bytes = addressBytes(text);
  if (bytes === null) throw invalidParams(`Invalid param: ${b58decode(text) === null ? 'Invalid' : 'WrongSize'}`);
  return bytes;
}

function signature(text) {
  if (typeof text !== 'string') throw invalidParams('Invalid params: invalid type: expected a base58 string');
  const bytes = b58decodeFixed(text, 64);
  if (bytes === null) throw invalidParams(`Invalid param: ${b58decode(text) === null ? 'Invalid' : 'WrongSize'}`);
  return bytes;
}

function u64Param(value, name) {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidParams(`Invalid params: ${name} must be a u64`);
  return value;
}

function accountEncoding(value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (!ACCOUNT_ENCODINGS.has(value)) {
    throw invalidParams(`Invalid params: unknown variant \`${value}\`, expected one of \`binary\`, \`base58\`, \`base64\`, \`jsonParsed\`, \`base64+zstd\``);
  }
  return value;
}

function dataSlice(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') throw invalidParams('Invalid params: invalid type: dataSlice must be {offset, length}');
  return { offset: u64Param(value.offset, 'dataSlice.offset'), length: u64Param(value.length, 'dataSlice.length') };
}

/** Decodes a wire transaction in base58 (the default) or base64, with Agave's size limits. */
function decodeTransaction(data, encoding) {
  const enc = encoding ?? 'base58';
  if (typeof data !== 'string') throw invalidParams('Invalid params: invalid type: expected an encoded transaction string');
  let bytes;
  if (enc === 'base58') {
    if (data.length > MAX_BASE58_TX) {
      throw invalidParams(`base58 encoded solana_transaction::versioned::VersionedTransaction too large: ${data.length} bytes (max: encoded/raw ${MAX_BASE58_TX}/${PACKET_DATA_SIZE})`);
    }
    bytes = b58decode(data);
    if (bytes === null) throw invalidParams('invalid base58 encoding: InvalidCharacter');
  } else if (enc === 'base64') {
    if (data.length > MAX_BASE64_TX) {
      throw invalidParams(`base64 encoded solana_transaction::versioned::VersionedTransaction too large: ${data.length} bytes (max: encoded/raw ${MAX_BASE64_TX}/${PACKET_DATA_SIZE})`);
    }
    bytes = b64decodeStrict(data);
    if (bytes === null) throw invalidParams('invalid base64 encoding: InvalidByte');
  } else {
    throw invalidParams(`unsupported encoding: ${enc}. Supported encodings: base58, base64`);
  }
  if (bytes.length > PACKET_DATA_SIZE) {
    throw invalidParams(`decoded solana_transaction::versioned::VersionedTransaction too large: ${bytes.length} bytes (max: ${PACKET_DATA_SIZE} bytes)`);
  }
  return bytes;
}

// ---- accounts --------------------------------------------------------------------------------

/** UiAccount of a LiteSVM account in the requested encoding (jsonParsed falls back to base64). */
export function encodeAccount(acc, encoding, slice = null) {
  const full = acc.data();
  let data = full;
  if (slice !== null) {
    const start = Math.min(slice.offset, full.length);
    data = full.subarray(start, Math.min(start + slice.length, full.length));
  }
  let encoded;
  switch (encoding) {
    case 'binary':
      encoded = b58encode(data);
      break;
    case 'base58':
      encoded = [b58encode(data), 'base58'];
      break;
    case 'base64+zstd':
      encoded = [zstdRawFrame(Buffer.from(data.buffer, data.byteOffset, data.length)).toString('base64'), 'base64+zstd'];
      break;
    default:
      encoded = [Buffer.from(data.buffer, data.byteOffset, data.length).toString('base64'), 'base64'];
  }
  return {
    lamports: u64(acc.lamports()),
    data: encoded,
    owner: b58encode(acc.owner()),
    executable: acc.executable(),
    rentEpoch: u64(acc.rentEpoch()),
    space: full.length,
  };
}

function checkBase58Size(acc, encoding, slice) {
  if (encoding !== 'binary' && encoding !== 'base58') return;
  let len = acc.data().length;
  if (slice !== null) len = Math.max(0, Math.min(slice.length, len - Math.min(slice.offset, len)));
  if (len > MAX_BASE58_BYTES) {
    throw invalidParams(`Encoded binary (base 58) data should be less than ${MAX_BASE58_BYTES} bytes, please use Base64 encoding.`);
  }
}

function accountOrNull(chain, key, encoding, slice) {
  const acc = chain.getAccount(key);
  if (acc === null || acc.lamports() === 0n) return null;
  checkBase58Size(acc, encoding, slice);
  return encodeAccount(acc, encoding, slice);
}

function parseFilters(filters) {
  if (filters === undefined || filters === null) return [];
  if (!Array.isArray(filters)) throw invalidParams('Invalid params: filters must be an array');
  if (filters.length > MAX_PROGRAM_ACCOUNT_FILTERS) throw invalidParams(`Too many filters provided; max ${MAX_PROGRAM_ACCOUNT_FILTERS}`);
  return filters.map((f) => {
    if (f && typeof f === 'object' && f.dataSize !== undefined) {
      return { dataSize: u64Param(f.dataSize, 'dataSize') };
    }
    if (f && typeof f === 'object' && f.memcmp !== undefined) {
      const { offset, bytes, encoding } = f.memcmp;
      u64Param(offset, 'memcmp.offset');
      if (typeof bytes !== 'string') throw invalidParams('Invalid params: memcmp.bytes must be a string');
      let decoded;
      if (encoding === undefined || encoding === null || encoding === 'base58') {
        if (bytes.length > 175) throw invalidParams('Invalid param: Memcmp bytes (base58) too large');
        decoded = b58decode(bytes);
      } else if (encoding === 'base64') {
        if (bytes.length > 172) throw invalidParams('Invalid param: Memcmp bytes (base64) too large');
        decoded = b64decodeStrict(bytes);
      } else {
        throw invalidParams(`Invalid params: unknown memcmp encoding \`${encoding}\``);
      }
      if (decoded === null) throw invalidParams('Invalid param: Memcmp bytes are not valid for their encoding');
      if (decoded.length > MAX_BASE58_BYTES) throw invalidParams('Invalid param: Memcmp bytes too large; max 128 bytes');
      return { memcmp: { offset, bytes: decoded } };
    }
    if (f && typeof f === 'object' && f.tokenAccountState !== undefined) {
      return { tokenAccountState: true };
    }
    throw invalidParams('Invalid params: unknown filter; expected memcmp, dataSize or tokenAccountState');
  });
}

function filterAllows(filter, data) {
  if (filter.dataSize !== undefined) return data.length === filter.dataSize;
  if (filter.memcmp !== undefined) {
    const { offset, bytes } = filter.memcmp;
    if (offset + bytes.length > data.length) return false;
    for (let i = 0; i < bytes.length; i++) if (data[offset + i] !== bytes[i]) return false;
    return true;
  }
  // tokenAccountState: an initialized SPL token account (165 bytes, or Token-2022 with type 2).
  return (data.length === 165 || (data.length > 165 && data[165] === 2)) && data[108] !== 0;
}

// ---- transactions ----------------------------------------------------------------------------

function status(err) {
  return err === null ? { Ok: null } : { Err: err };
}

function uiTransaction(rec, encoding) {
  const { tx } = rec;
  if (encoding === 'base64') return [rec.bytes.toString('base64'), 'base64'];
  if (encoding === 'base58') return [b58encode(rec.bytes), 'base58'];
  const message = {
    accountKeys: tx.keys.map((k) => b58encode(k)),
    header: { numRequiredSignatures: tx.header[0], numReadonlySignedAccounts: tx.header[1], numReadonlyUnsignedAccounts: tx.header[2] },
    recentBlockhash: b58encode(tx.recentBlockhash),
    instructions: tx.instructions.map((ix) => ({
      programIdIndex: ix.programIdIndex,
      accounts: Array.from(ix.accounts),
      data: b58encode(ix.data),
      stackHeight: null,
    })),
  };
  if (tx.version === 0) {
    message.addressTableLookups = tx.lookups.map((l) => ({
      accountKey: b58encode(l.key),
      writableIndexes: Array.from(l.writable),
      readonlyIndexes: Array.from(l.readonly),
    }));
  }
  return { signatures: tx.signatures.map((s) => b58encode(s)), message };
}

function uiMeta(rec) {
  const meta = {
    err: rec.err,
    status: status(rec.err),
    fee: u64(rec.fee),
    preBalances: rec.preBalances.map(u64),
    postBalances: rec.postBalances.map(u64),
    innerInstructions: rec.innerInstructions,
    logMessages: rec.logs,
    preTokenBalances: rec.preTokenBalances,
    postTokenBalances: rec.postTokenBalances,
    rewards: [],
    loadedAddresses: rec.loaded,
    computeUnitsConsumed: u64(rec.computeUnitsConsumed),
  };
  if (rec.returnData !== null) meta.returnData = rec.returnData;
  return meta;
}

// ---- methods ---------------------------------------------------------------------------------

export function createMethods(chain) {
  const ctx = (value) => ({ context: chain.context(), value });

  return {
    getVersion(p) {
      params(p, 0, 0);
      return { 'solana-core': SOLANA_CORE_VERSION, 'feature-set': FEATURE_SET };
    },

    getHealth(p) {
      params(p, 0, 0);
      return 'ok';
    },

    getGenesisHash(p) {
      params(p, 0, 0);
      return GENESIS_HASH;
    },

    getIdentity(p) {
      params(p, 0, 0);
      return { identity: chain.identity.address };
    },

    getSlot(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      return chain.slot;
    },

    getBlockHeight(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      return chain.blockHeight;
    },

    getSlotLeader(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      return chain.identity.address;
    },

    getTransactionCount(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      return chain.transactionCount;
    },

    getFirstAvailableBlock(p) {
      params(p, 0, 0);
      return chain.firstSlot;
    },

    minimumLedgerSlot(p) {
      params(p, 0, 0);
      return chain.firstSlot;
    },

    getEpochInfo(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      return chain.epochInfo();
    },

    getEpochSchedule(p) {
      params(p, 0, 0);
      return { slotsPerEpoch: 432000, leaderScheduleSlotOffset: 432000, warmup: false, firstNormalEpoch: 0, firstNormalSlot: 0 };
    },

    getBlockTime(p) {
      const [slot] = params(p, 1, 1);
      u64Param(slot, 'slot');
      const time = chain.blockTimes.get(slot);
      if (time === undefined) {
        throw new RpcError(-32004, `Block not available for slot ${slot}`);
      }
      return time;
    },

    getLatestBlockhash(p) {
      const [cfg] = params(p, 0, 1);
      chain.checkContext(cfg);
      const { blockhash, lastValidBlockHeight } = chain.latest;
      return ctx({ blockhash, lastValidBlockHeight });
    },

    isBlockhashValid(p) {
      const [hash, cfg] = params(p, 1, 2);
      chain.checkContext(cfg);
      if (typeof hash !== 'string') throw invalidParams('Invalid params: invalid type: expected a base58 string');
      const bytes = b58decodeFixed(hash, 32);
      if (bytes === null) throw invalidParams(b58decode(hash) === null ? 'Invalid' : 'WrongSize');
      const entry = chain.blockhashes.get(bytes.toString('latin1'));
      return ctx(entry !== undefined && entry.lastValidBlockHeight >= chain.blockHeight);
    },

    getFeeForMessage(p) {
      const [message, cfg] = params(p, 1, 2);
      chain.checkContext(cfg);
      const bytes = typeof message === 'string' ? b64decodeStrict(message) : null;
      if (bytes === null) throw invalidParams('invalid base64 encoding: InvalidByte');
      let fee;
      try {
        fee = chain.feeForMessage(bytes);
      } catch {
        throw invalidParams('invalid transaction message: failed to deserialize');
      }
      // A message whose blockhash is unknown or expired has no fee (null), as on a cluster.
      const hashOffset = findBlockhashOffset(bytes);
      const entry = hashOffset < 0 ? undefined : chain.blockhashes.get(bytes.latin1Slice(hashOffset, hashOffset + 32));
      const valid = entry !== undefined && entry.lastValidBlockHeight >= chain.blockHeight;
      return ctx(valid ? u64(fee) : null);
    },

    getMinimumBalanceForRentExemption(p) {
      const [len, cfg] = params(p, 1, 2);
      chain.checkContext(config(cfg));
      return u64(chain.minimumBalance(u64Param(len, 'data length')));
    },

    getBalance(p) {
      const [address, cfg] = params(p, 1, 2);
      const key = pubkey(address);
      chain.checkContext(cfg);
      return ctx(u64(chain.balance(key)));
    },

    getAccountInfo(p) {
      const [address, cfgIn] = params(p, 1, 2);
      const key = pubkey(address);
      const cfg = config(cfgIn);
      chain.checkContext(cfg);
      const encoding = accountEncoding(cfg.encoding, 'binary');
      return ctx(accountOrNull(chain, key, encoding, dataSlice(cfg.dataSlice)));
    },

    getMultipleAccounts(p) {
      const [addresses, cfgIn] = params(p, 1, 2);
      if (!Array.isArray(addresses)) throw invalidParams('Invalid params: invalid type: expected an array of addresses');
      if (addresses.length > MAX_MULTIPLE_ACCOUNTS) throw invalidParams(`Too many inputs provided; max ${MAX_MULTIPLE_ACCOUNTS}`);
      const keys = addresses.map(pubkey);
      const cfg = config(cfgIn);
      chain.checkContext(cfg);
      const encoding = accountEncoding(cfg.encoding, 'base64');
      const slice = dataSlice(cfg.dataSlice);
      return ctx(keys.map((k) => accountOrNull(chain, k, encoding, slice)));
    },

    getProgramAccounts(p) {
      const [address, cfgIn] = params(p, 1, 2);
      const owner = pubkey(address);
      const cfg = config(cfgIn);
      chain.checkContext(cfg);
      const encoding = accountEncoding(cfg.encoding, 'binary');
      const slice = dataSlice(cfg.dataSlice);
      const filters = parseFilters(cfg.filters);
      const found = [];
      for (const entry of chain.programAccounts(owner)) {
        const acc = entry.account();
        if (acc.lamports() === 0n) continue;
        if (filters.length > 0) {
          const data = acc.data();
          if (!filters.every((f) => filterAllows(f, data))) continue;
        }
        found.push({ key: Buffer.from(entry.address), acc });
      }
      // Sorted by address, as Agave's sorted scan returns them.
      found.sort((a, b) => Buffer.compare(a.key, b.key));
      const value = found.map(({ key, acc }) => {
        checkBase58Size(acc, encoding, slice);
        return { pubkey: b58encode(key), account: encodeAccount(acc, encoding, slice) };
      });
      return cfg.withContext ? ctx(value) : value;
    },

    requestAirdrop(p) {
      const [address, lamports, cfg] = params(p, 2, 3);
      const key = pubkey(address);
      chain.checkContext(config(cfg));
      u64Param(lamports, 'lamports');
      return chain.airdrop(key, lamports);
    },

    sendTransaction(p) {
      const [data, cfgIn] = params(p, 1, 2);
      const cfg = config(cfgIn);
      const bytes = decodeTransaction(data, cfg.encoding);
      chain.checkContext({ commitment: cfg.preflightCommitment, minContextSlot: cfg.minContextSlot });
      return chain.send(bytes, { skipPreflight: cfg.skipPreflight === true });
    },

    simulateTransaction(p) {
      const [data, cfgIn] = params(p, 1, 2);
      const cfg = config(cfgIn);
      const bytes = decodeTransaction(data, cfg.encoding);
      chain.checkContext(cfg);
      let accounts;
      if (cfg.accounts !== undefined && cfg.accounts !== null) {
        const encoding = accountEncoding(cfg.accounts.encoding, 'base64');
        if (encoding === 'binary' || encoding === 'base58') throw invalidParams('base58 encoding not supported');
        const addresses = cfg.accounts.addresses;
        if (!Array.isArray(addresses)) throw invalidParams('Invalid params: accounts.addresses must be an array');
        accounts = { encoding, addresses: addresses.map(pubkey) };
      }
      const value = chain.simulate(bytes, {
        sigVerify: cfg.sigVerify === true,
        replaceRecentBlockhash: cfg.replaceRecentBlockhash === true,
        innerInstructions: cfg.innerInstructions === true,
        accounts,
      }, encodeAccount);
      return ctx(value);
    },

    getSignatureStatuses(p) {
      const [sigs, cfg] = params(p, 1, 2);
      if (!Array.isArray(sigs)) throw invalidParams('Invalid params: invalid type: expected an array of signatures');
      if (sigs.length > MAX_SIGNATURE_STATUSES) throw invalidParams(`Too many inputs provided; max ${MAX_SIGNATURE_STATUSES}`);
      const keys = sigs.map(signature);
      config(cfg);
      return ctx(keys.map((k) => {
        const rec = chain.history.get(k.toString('latin1'));
        if (rec === undefined) return null;
        return { slot: rec.slot, confirmations: null, err: rec.err, status: status(rec.err), confirmationStatus: 'finalized' };
      }));
    },

    getTransaction(p) {
      const [sig, cfgIn] = params(p, 1, 2);
      const key = signature(sig);
      // The second parameter may be a bare encoding string (deprecated form).
      const cfg = typeof cfgIn === 'string' ? { encoding: cfgIn } : config(cfgIn);
      if (cfg.commitment === 'processed') throw invalidParams('Method does not support commitment below `confirmed`');
      chain.checkContext({ commitment: cfg.commitment });
      const encoding = cfg.encoding ?? 'json';
      if (!['json', 'jsonParsed', 'base64', 'base58', 'binary'].includes(encoding)) {
        throw invalidParams(`Invalid params: unknown variant \`${encoding}\`, expected one of \`binary\`, \`base64\`, \`base58\`, \`json\`, \`jsonParsed\``);
      }
      const rec = chain.history.get(key.toString('latin1'));
      if (rec === undefined) return null;
      const maxVersion = cfg.maxSupportedTransactionVersion;
      if (rec.tx.version === 0 && (maxVersion === undefined || maxVersion === null || maxVersion < 0)) {
        throw new RpcError(UNSUPPORTED_TRANSACTION_VERSION,
          'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0');
      }
      const out = {
        slot: rec.slot,
        transaction: encoding === 'binary' ? b58encode(rec.bytes) : uiTransaction(rec, encoding),
        meta: uiMeta(rec),
        blockTime: rec.blockTime,
      };
      if (maxVersion !== undefined && maxVersion !== null) out.version = rec.tx.version;
      return out;
    },

    getSignaturesForAddress(p) {
      const [address, cfgIn] = params(p, 1, 2);
      pubkey(address);
      const cfg = config(cfgIn);
      chain.checkContext(cfg);
      const limit = cfg.limit === undefined || cfg.limit === null ? MAX_SIGNATURES_FOR_ADDRESS : cfg.limit;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SIGNATURES_FOR_ADDRESS) {
        throw invalidParams(`Invalid limit; max ${MAX_SIGNATURES_FOR_ADDRESS}`);
      }
      const before = cfg.before === undefined || cfg.before === null ? null : b58encode(signature(cfg.before));
      const until = cfg.until === undefined || cfg.until === null ? null : b58encode(signature(cfg.until));
      const list = chain.byAddress.get(address) ?? [];
      let i = list.length - 1;
      if (before !== null) {
        const at = list.findIndex((r) => r.signature === before);
        i = at < 0 ? -1 : at - 1;
      }
      const out = [];
      for (; i >= 0 && out.length < limit; i--) {
        const rec = list[i];
        if (rec.signature === until) break;
        out.push({ signature: rec.signature, slot: rec.slot, err: rec.err, memo: rec.memo, blockTime: rec.blockTime, confirmationStatus: 'finalized' });
      }
      return out;
    },

    getRecentPrioritizationFees(p) {
      params(p, 0, 1);
      return [];
    },
  };
}

/** Offset of the recent blockhash in a serialized message (legacy or v0); -1 if malformed. */
function findBlockhashOffset(msg) {
  let off = msg[0] & 0x80 ? 4 : 3;
  let n = 0;
  for (let i = 0, shift = 0; i < 3; i++, shift += 7) {
    const b = msg[off++];
    if (b === undefined) return -1;
    n |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
  }
  off += n * 32;
  return off + 32 <= msg.length ? off : -1;
}

// The ledger around LiteSVM: slots, blocks and blockhashes, the Clock and SlotHashes sysvars,
// transaction landing (one transaction per block), the signature status cache and the
// transaction history that getTransaction and getSignaturesForAddress read.
//
// LiteSVM itself executes transactions and holds accounts. Its own blockhash check accepts only
// the single latest blockhash and its signature check is all-or-nothing, so both are turned off
// and done here the way a validator does them: any blockhash up to 150 blocks old is valid, a
// durable-nonce transaction is valid while its nonce matches, signatures are verified before
// preflight, and a signature that already landed is rejected as AlreadyProcessed.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { b58decode, b58encode } from './codec.js';
import { RpcError, invalidParams, minContextSlotNotReached, signatureVerificationFailure,
  SEND_TRANSACTION_PREFLIGHT_FAILURE, transactionErrorJson, transactionErrorText } from './errors.js';
import { BPF_LOADER, BPF_LOADER_UPGRADEABLE, LOADER_V4, MEMO_PROGRAMS, SYSTEM_PROGRAM, addressBytes,
  keypairFromSeed, programDataAddress, verifySignature } from './keys.js';
import { Journal } from './journal.js';
import { readMintDecimals, readTokenAccount, uiTokenAmount } from './token.js';
import { buildTransfer, isWritableStatic, parseTransaction, peekTransaction } from './tx.js';

const require = createRequire(import.meta.url);
// The native binding exposes byte-level entry points (send/simulate serialized transactions,
// accounts by 32-byte key) that skip @solana/kit object conversions on every call.
const native = require('litesvm/dist/internal.js');
const { Account, Clock, EpochSchedule, LiteSvm } = native;

/** Blocks a blockhash stays usable for (solana_clock::MAX_PROCESSING_AGE). */
export const MAX_PROCESSING_AGE = 150;
export const SLOTS_PER_EPOCH = 432000;
export const U64_MAX = 18446744073709551615n;
/** Runtime the embedded LiteSVM build is made of (litesvm 1.5.0 links Agave 4.3.0 crates). */
export const SOLANA_CORE_VERSION = '4.3.0';
// Fixed identities, documented in README.md: derived from fixed strings so every run agrees.
export const GENESIS_HASH = b58encode(createHash('sha256').update('preflight-validator genesis v1').digest());
const FAUCET_SEED = createHash('sha256').update('preflight-validator faucet v1').digest();
const IDENTITY_SEED = createHash('sha256').update('preflight-validator identity v1').digest();
export const FEATURE_SET = createHash('sha256').update(`litesvm 1.5.0 agave ${SOLANA_CORE_VERSION}`).digest().readUInt32LE(0);
const FAUCET_LAMPORTS = 500_000_000n * 1_000_000_000n;
const SLOT_HASHES_MAX = 512;
const ZERO_KEY = Buffer.alloc(32);

const SYSTEM_BYTES = addressBytes(SYSTEM_PROGRAM);
const LOADER_UPGRADEABLE_BYTES = addressBytes(BPF_LOADER_UPGRADEABLE);
const LOADER_BYTES = addressBytes(BPF_LOADER);
const LOADER_V4_BYTES = addressBytes(LOADER_V4);
const NATIVE_LOADER_BYTES = addressBytes('NativeLoader1111111111111111111111111111111');
/** Size of the loader-v4 header in front of the ELF (SIMD-0167). */
const LOADER_V4_HEADER = 48;
const LOOKUP_TABLE_META_SIZE = 56;

const COMMITMENTS = new Set(['processed', 'confirmed', 'finalized', 'recent', 'single', 'singleGossip', 'root', 'max']);

export class Chain {
  /**
   * @param clockUnixTimestamp when given, the chain's time starts there and no longer follows the
   *     wall clock: it moves only with produced slots (slotTimeMs each) and cheatcodes, so with
   *     slotTimeMs 0 (or a paused clock) it stays put and runs are reproducible
   */
  constructor({ slotTimeMs = 400, historyLimit = 50000, clockUnixTimestamp } = {}) {
    this.slotTimeMs = slotTimeMs;
    this.historyLimit = historyLimit;
    this.pinnedBaseMs = clockUnixTimestamp === undefined ? null : clockUnixTimestamp * 1000;
    this.journal = new Journal();
    // Identifies the block tables' content (blockhashes, SlotHashes, block times): a revert
    // copies the saved tables back only when blocks were produced since the save point.
    this.blockSerial = 0;
    this.tablesSerial = 0;
    const svm = new LiteSvm();
    svm.setSigverify(false);
    svm.setBlockhashCheck(false);
    // The status cache and history live here; LiteSVM's copy would only cost memory.
    svm.setTransactionHistory(0n);
    // Mainnet's schedule: fixed 432,000-slot epochs, no warm-up.
    svm.setEpochSchedule(new EpochSchedule(BigInt(SLOTS_PER_EPOCH), BigInt(SLOTS_PER_EPOCH), false, 0n, 0n));
    this.svm = svm;

    this.slot = Number(svm.getClock().slot);
    this.firstSlot = this.slot;
    this.timeOffsetMs = 0;
    this.lastUnixTimestamp = 0;
    this.clockEpoch = -1;
    this.epochStartTimestamp = 0;
    this.blockhashes = new Map(); // latin1 of the 32 bytes -> {blockhash, bytes, slot, lastValidBlockHeight}
    this.latest = null;
    this.slotHashes = [];
    this.blockTimes = new Map();
    this.transactionCount = 0;
    this.history = new Map(); // latin1 of the first signature -> record
    this.byAddress = new Map(); // base58 address -> records, oldest first
    this.paused = false;
    this.timer = null;

    this.faucet = keypairFromSeed(FAUCET_SEED);
    this.identity = keypairFromSeed(IDENTITY_SEED);
    svm.setAccount(this.faucet.publicKey, new Account(FAUCET_LAMPORTS, new Uint8Array(0), SYSTEM_BYTES, false, U64_MAX));
    this.produceBlock(this.slot);
  }

  // ---- time -------------------------------------------------------------------------------

  get blockHeight() {
    // One block per slot: no slot is ever skipped, so block height equals the slot.
    return this.slot;
  }

  startSlotTimer() {
    if (this.slotTimeMs > 0 && this.timer === null) {
      this.timer = setInterval(() => {
        if (this.paused) return;
        if (this.pinnedBaseMs !== null) this.pinnedBaseMs += this.slotTimeMs;
        this.produceBlock(this.slot + 1);
      }, this.slotTimeMs);
      this.timer.unref();
    }
  }

  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  nowMs() {
    return (this.pinnedBaseMs === null ? Date.now() : this.pinnedBaseMs) + this.timeOffsetMs;
  }

  /** Moves to `slot` and makes a new block: new blockhash, Clock and SlotHashes updated. */
  produceBlock(slot) {
    this.slot = slot;
    this.svm.expireBlockhash();
    const blockhash = this.svm.latestBlockhash();
    const bytes = b58decode(blockhash);
    const entry = { blockhash, bytes, slot, lastValidBlockHeight: slot + MAX_PROCESSING_AGE };
    this.blockhashes.set(bytes.toString('latin1'), entry);
    this.latest = entry;
    for (const [key, e] of this.blockhashes) {
      if (e.lastValidBlockHeight + MAX_PROCESSING_AGE >= slot) break;
      this.blockhashes.delete(key);
    }
    this.updateClock();
    this.slotHashes.unshift({ slot: BigInt(slot), hash: blockhash });
    if (this.slotHashes.length > SLOT_HASHES_MAX) this.slotHashes.pop();
    this.svm.setSlotHashes(this.slotHashes);
    this.tablesSerial = ++this.blockSerial;
  }

  updateClock() {
    const unix = Math.max(this.lastUnixTimestamp, Math.floor(this.nowMs() / 1000));
    this.lastUnixTimestamp = unix;
    this.writeClock();
    this.blockTimes.set(this.slot, unix);
    if (this.blockTimes.size > 4096) {
      const first = this.blockTimes.keys().next().value;
      this.blockTimes.delete(first);
    }
  }

  /** Writes the Clock sysvar from slot and lastUnixTimestamp (a new epoch starts its timestamp). */
  writeClock() {
    const unix = this.lastUnixTimestamp;
    const epoch = Math.floor(this.slot / SLOTS_PER_EPOCH);
    if (epoch !== this.clockEpoch) {
      this.clockEpoch = epoch;
      this.epochStartTimestamp = unix;
    }
    this.svm.setClock(new Clock(BigInt(this.slot), BigInt(this.epochStartTimestamp), BigInt(epoch), BigInt(epoch + 1), BigInt(unix)));
  }

  /**
   * Sets the Clock for a test step (preflight_executeSteps): the Unix time (seconds) and/or the
   * slot, forward or backward. No block is produced; the time offset follows, so later blocks and
   * time travel continue from the new time.
   */
  setClock({ unixTimestamp, slot }) {
    if (slot !== undefined) this.slot = slot;
    if (unixTimestamp !== undefined) {
      this.timeOffsetMs += unixTimestamp * 1000 - this.nowMs();
      this.lastUnixTimestamp = unixTimestamp;
    }
    this.writeClock();
  }

  clockJson() {
    return { slot: this.slot, unixTimestamp: this.lastUnixTimestamp };
  }

  // ---- save points ------------------------------------------------------------------------

  /** surfnet_snapshot: opens a save point of every account and of the ledger's own state. */
  snapshot() {
    return this.journal.take({
      slot: this.slot,
      timeOffsetMs: this.timeOffsetMs,
      pinnedBaseMs: this.pinnedBaseMs,
      lastUnixTimestamp: this.lastUnixTimestamp,
      clockEpoch: this.clockEpoch,
      epochStartTimestamp: this.epochStartTimestamp,
      transactionCount: this.transactionCount,
      tablesSerial: this.tablesSerial,
      latest: this.latest,
      blockhashes: new Map(this.blockhashes),
      slotHashes: this.slotHashes.slice(),
      blockTimes: new Map(this.blockTimes),
    });
  }

  /** surfnet_revert: back to save point `id`, which stays usable; later save points are dropped. */
  revert(id) {
    if (!this.journal.has(id)) throw invalidParams(`Invalid params: no snapshot with id ${JSON.stringify(id)} (released, or dropped by reverting to an earlier one)`);
    const st = this.journal.revert(id,
      (key, account) => this.svm.setAccount(key, account ?? new Account(0n, new Uint8Array(0), SYSTEM_BYTES, false, 0n)),
      (rec) => this.unrecord(rec));
    this.slot = st.slot;
    this.timeOffsetMs = st.timeOffsetMs;
    this.pinnedBaseMs = st.pinnedBaseMs;
    this.lastUnixTimestamp = st.lastUnixTimestamp;
    this.clockEpoch = st.clockEpoch;
    this.epochStartTimestamp = st.epochStartTimestamp;
    this.transactionCount = st.transactionCount;
    if (this.tablesSerial !== st.tablesSerial) {
      this.latest = st.latest;
      this.blockhashes = new Map(st.blockhashes);
      this.slotHashes = st.slotHashes.slice();
      this.blockTimes = new Map(st.blockTimes);
      this.svm.setSlotHashes(this.slotHashes);
      this.tablesSerial = st.tablesSerial;
    }
    // Straight to the sysvar: the saved epoch start must not be recomputed.
    const epoch = Math.floor(this.slot / SLOTS_PER_EPOCH);
    this.svm.setClock(new Clock(BigInt(this.slot), BigInt(this.epochStartTimestamp), BigInt(epoch), BigInt(epoch + 1), BigInt(this.lastUnixTimestamp)));
  }

  releaseSnapshot(id) {
    return this.journal.release(id);
  }

  epochInfo() {
    return {
      absoluteSlot: this.slot,
      blockHeight: this.blockHeight,
      epoch: Math.floor(this.slot / SLOTS_PER_EPOCH),
      slotIndex: this.slot % SLOTS_PER_EPOCH,
      slotsInEpoch: SLOTS_PER_EPOCH,
      transactionCount: this.transactionCount,
    };
  }

  /**
   * Jumps forward (surfnet_timeTravel): to a slot, to the first slot of an epoch, or to a Unix
   * time in milliseconds. Slots and time move together at slotTimeMs per slot (400 ms when the
   * slot timer is off), as surfpool does; blockhashes older than 150 slots expire.
   */
  timeTravel({ absoluteSlot, absoluteEpoch, absoluteTimestamp }) {
    const perSlot = this.slotTimeMs > 0 ? this.slotTimeMs : 400;
    let targetSlot;
    let targetMs;
    if (absoluteSlot !== undefined) {
      targetSlot = toSafeInteger(absoluteSlot, 'absoluteSlot');
      if (targetSlot < this.slot) throw invalidParams(`Cannot travel to past slot ${targetSlot}; the current slot is ${this.slot}`);
      targetMs = this.nowMs() + (targetSlot - this.slot) * perSlot;
    } else if (absoluteEpoch !== undefined) {
      const epoch = toSafeInteger(absoluteEpoch, 'absoluteEpoch');
      const current = Math.floor(this.slot / SLOTS_PER_EPOCH);
      if (epoch < current) throw invalidParams(`Cannot travel to past epoch ${epoch}; the current epoch is ${current}`);
      targetSlot = Math.max(this.slot, epoch * SLOTS_PER_EPOCH);
      targetMs = this.nowMs() + (targetSlot - this.slot) * perSlot;
    } else if (absoluteTimestamp !== undefined) {
      targetMs = toSafeInteger(absoluteTimestamp, 'absoluteTimestamp');
      const now = this.nowMs();
      if (targetMs < now) throw invalidParams(`Cannot travel to past timestamp ${targetMs} ms; the current time is ${now} ms`);
      targetSlot = this.slot + Math.floor((targetMs - now) / perSlot);
    } else {
      throw invalidParams('Invalid params: expected one of absoluteSlot, absoluteEpoch, absoluteTimestamp');
    }
    this.timeOffsetMs += targetMs - this.nowMs();
    if (targetSlot === this.slot) {
      this.updateClock();
    } else {
      this.produceBlock(targetSlot);
    }
    return this.epochInfo();
  }

  // ---- request context --------------------------------------------------------------------

  /** Validates commitment / minContextSlot of a config object; throws -32016 when not reached. */
  checkContext(config) {
    if (config === undefined || config === null) return;
    if (typeof config !== 'object' || Array.isArray(config)) throw invalidParams('Invalid params: invalid type: expected a config object');
    const { commitment, minContextSlot } = config;
    if (commitment !== undefined && commitment !== null && !COMMITMENTS.has(commitment)) {
      throw invalidParams(`Invalid params: unknown variant \`${commitment}\`, expected one of \`processed\`, \`confirmed\`, \`finalized\``);
    }
    if (minContextSlot !== undefined && minContextSlot !== null) {
      if (!Number.isInteger(minContextSlot) || minContextSlot < 0) throw invalidParams('Invalid params: minContextSlot must be a u64');
      if (minContextSlot > this.slot) throw minContextSlotNotReached(this.slot);
    }
  }

  context() {
    return { apiVersion: SOLANA_CORE_VERSION, slot: this.slot };
  }

  // ---- accounts ---------------------------------------------------------------------------

  getAccount(keyBytes) {
    return this.svm.getAccount(keyBytes);
  }

  balance(keyBytes) {
    const b = this.svm.getBalance(keyBytes);
    return b === null ? 0n : b;
  }

  minimumBalance(len) {
    return this.svm.minimumBalanceForRentExemption(BigInt(len));
  }

  /** Writes an account; executable accounts of a BPF loader are compiled by LiteSVM. */
  setAccount(keyBytes, { lamports, data, owner, executable, rentEpoch }) {
    this.journal.beforeWrite(keyBytes, this.svm);
    if (Buffer.from(owner).equals(LOADER_V4_BYTES)) this.ensureLoaderV4Account();
    try {
      this.svm.setAccount(keyBytes, new Account(BigInt(lamports), data, owner, executable, BigInt(rentEpoch)));
    } catch (e) {
      throw invalidParams(`Could not set account ${b58encode(keyBytes)}: ${e.message}`);
    }
  }

  /**
   * Agave removed the loader-v4 builtin in 4.1 (its feature gate was re-keyed to the never
   * activatable `LoaderV4WasAbandoned1111…`), so the Agave 4.3 runtime in LiteSVM 1.5.0 cannot
   * execute loader-v4 programs. Devnet and testnet still hold the loader's account as a stub
   * (owner NativeLoader, data `loader_v4`, executable); without it LiteSVM aborts the process on
   * a transaction that invokes a loader-v4 program, with it the transaction fails as it does on
   * those clusters.
   */
  ensureLoaderV4Account() {
    if (this.svm.getAccount(LOADER_V4_BYTES)) return;
    const data = Buffer.from('loader_v4');
    this.svm.setAccount(LOADER_V4_BYTES, new Account(1n, data, NATIVE_LOADER_BYTES, true, 0n));
  }

  programAccounts(ownerBytes) {
    return this.svm.getProgramAccounts(ownerBytes);
  }

  /** Deploys an ELF as the BPF upgradeable loader does: ProgramData, then the Program account. */
  deployUpgradeable(programId, elf, authority) {
    const programData = programDataAddress(programId);
    const data = Buffer.alloc(45 + elf.length);
    // UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address } in bincode:
    // u32 variant 3, u64 slot, Option<Pubkey> (1-byte tag + 32 bytes), then the ELF at 45.
    data.writeUInt32LE(3, 0);
    data.writeBigUInt64LE(BigInt(this.slot), 4);
    if (authority) {
      data[12] = 1;
      authority.copy(data, 13);
    }
    elf.copy(data, 45);
    this.setAccount(programData, { lamports: this.minimumBalance(data.length), data, owner: LOADER_UPGRADEABLE_BYTES, executable: false, rentEpoch: U64_MAX });
    const program = Buffer.alloc(36);
    // UpgradeableLoaderState::Program { programdata_address }: u32 variant 2 + 32 bytes.
    program.writeUInt32LE(2, 0);
    programData.copy(program, 4);
    this.setAccount(programId, { lamports: this.minimumBalance(36), data: program, owner: LOADER_UPGRADEABLE_BYTES, executable: true, rentEpoch: U64_MAX });
    return programData;
  }

  /**
   * Deploys an ELF as loader-v4 keeps it: one program account, a 48-byte header then the ELF.
   * The header is `#[repr(C)] LoaderV4State` (SIMD-0167; solana-sdk loader-v4-interface
   * state.rs): `slot: u64`, `authority_address_or_next_version: [u8; 32]`, `status: u64`
   * (0 Retracted, 1 Deployed, 2 Finalized). With an authority the program is Deployed; without
   * one it is Finalized, and the next-version field names the program itself, as the loader's
   * Finalize instruction writes when no next version is given.
   */
  deployLoaderV4(programId, elf, authority) {
    const data = Buffer.alloc(LOADER_V4_HEADER + elf.length);
    data.writeBigUInt64LE(BigInt(this.slot), 0);
    (authority ?? programId).copy(data, 8);
    data.writeBigUInt64LE(authority ? 1n : 2n, 40);
    elf.copy(data, LOADER_V4_HEADER);
    this.setAccount(programId, { lamports: this.minimumBalance(data.length), data, owner: LOADER_V4_BYTES, executable: true, rentEpoch: U64_MAX });
  }

  /** Deploys an ELF owned by BPFLoader2 (a program that can never be upgraded). */
  deployFinal(programId, elf) {
    this.setAccount(programId, { lamports: this.minimumBalance(elf.length), data: elf, owner: LOADER_BYTES, executable: true, rentEpoch: U64_MAX });
  }

  // ---- transactions -----------------------------------------------------------------------

  verifySignatures(buf, peek) {
    const numRequired = buf[peek.messageOffset + (peek.version === 'legacy' ? 0 : 1)];
    if (peek.numSignatures !== numRequired || peek.numKeys < numRequired) return false;
    const message = buf.subarray(peek.messageOffset);
    const sigStart = peek.messageOffset - 64 * peek.numSignatures;
    for (let i = 0; i < peek.numSignatures; i++) {
      const sig = buf.subarray(sigStart + i * 64, sigStart + (i + 1) * 64);
      const keyOff = peek.firstKeyOffset + i * 32;
      if (!verifySignature(buf.subarray(keyOff, keyOff + 32), message, sig)) return false;
    }
    return true;
  }

  /** Returns null when the recent blockhash (or durable nonce) is usable, else the error name. */
  checkAge(buf, peek) {
    const off = peek.blockhashOffset;
    const entry = this.blockhashes.get(buf.latin1Slice(off, off + 32));
    if (entry !== undefined && entry.lastValidBlockHeight >= this.blockHeight) return null;
    return this.durableNonceValid(buf) ? null : 'BlockhashNotFound';
  }

  durableNonceValid(buf) {
    let tx;
    try {
      tx = parseTransaction(buf);
    } catch {
      return false;
    }
    const ix = tx.instructions[0];
    if (!ix || !tx.keys[ix.programIdIndex]?.equals(ZERO_KEY)) return false;
    if (ix.data.length < 4 || ix.data.readUInt32LE(0) !== 4 || ix.accounts.length < 1) return false; // AdvanceNonceAccount
    const nonceKey = tx.keys[ix.accounts[0]];
    if (!nonceKey) return false;
    const account = this.svm.getAccount(nonceKey);
    if (!account || !Buffer.from(account.owner()).equals(SYSTEM_BYTES)) return false;
    const data = Buffer.from(account.data());
    // nonce::state::Versions::Current(State::Initialized(Data { authority, durable_nonce, .. })).
    if (data.length < 80 || data.readUInt32LE(0) !== 1 || data.readUInt32LE(4) !== 1) return false;
    if (!data.subarray(40, 72).equals(tx.recentBlockhash)) return false;
    const authority = data.subarray(8, 40);
    return tx.keys.slice(0, tx.header[0]).some((k) => k.equals(authority));
  }

  alreadyProcessed(buf, peek) {
    if (peek.numSignatures === 0) return false;
    const start = peek.messageOffset - 64 * peek.numSignatures;
    return this.history.has(buf.latin1Slice(start, start + 64));
  }

  runSimulation(buf, version) {
    return version === 'legacy' ? this.svm.simulateLegacyTransaction(buf) : this.svm.simulateVersionedTransaction(buf);
  }

  /**
   * simulateTransaction. `accounts` is {encoding, addresses: [bytes]} or undefined; encodeAccount
   * renders accounts. Returns the RpcSimulateTransactionResult value.
   */
  simulate(buf, { sigVerify, replaceRecentBlockhash, innerInstructions, accounts }, encodeAccount) {
    const peek = peekTransaction(buf);
    let tx = buf;
    let replacementBlockhash = null;
    if (replaceRecentBlockhash) {
      if (sigVerify) throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
      tx = Buffer.from(buf);
      this.latest.bytes.copy(tx, peek.blockhashOffset);
      replacementBlockhash = { blockhash: this.latest.blockhash, lastValidBlockHeight: this.latest.lastValidBlockHeight };
    }
    if (sigVerify && !this.verifySignatures(tx, peek)) throw signatureVerificationFailure();
    let early = replacementBlockhash === null ? this.checkAge(tx, peek) : null;
    if (early === null && this.alreadyProcessed(tx, peek)) early = 'AlreadyProcessed';
    if (early !== null) {
      return {
        err: early,
        logs: [],
        accounts: accounts ? accounts.addresses.map(() => null) : null,
        unitsConsumed: 0,
        returnData: null,
        innerInstructions: innerInstructions ? [] : null,
        replacementBlockhash,
      };
    }
    const result = this.runSimulation(tx, peek.version);
    const failed = result instanceof native.FailedTransactionMetadata;
    const meta = result.meta();
    let err = null;
    if (failed) {
      err = transactionErrorJson(result.err());
      throwIfNotLoadable(err);
    }
    let accountsOut = null;
    if (accounts) {
      if (failed) {
        accountsOut = accounts.addresses.map(() => null);
      } else {
        const post = new Map();
        for (const a of result.postAccounts()) post.set(Buffer.from(a.address).toString('latin1'), a.account());
        accountsOut = accounts.addresses.map((key) => {
          const acc = post.get(key.toString('latin1')) ?? this.svm.getAccount(key);
          return acc && acc.lamports() > 0n ? encodeAccount(acc, accounts.encoding) : null;
        });
      }
    }
    return {
      err,
      logs: meta.logs(),
      accounts: accountsOut,
      unitsConsumed: Number(meta.computeUnitsConsumed()),
      returnData: returnDataJson(meta.returnData()),
      innerInstructions: innerInstructions ? uiInnerInstructions(meta.innerInstructions(), staticKeysB58(tx, peek)) : null,
      replacementBlockhash,
    };
  }

  /**
   * sendTransaction. With preflight: signature check (-32003), then a simulation whose failure
   * is -32002. Without: a transaction that cannot land (bad signature, expired blockhash,
   * already processed, fee payer cannot pay) is dropped silently, as a cluster drops it.
   * Landed transactions, failed or not, are recorded and end their block.
   */
  send(buf, { skipPreflight }) {
    const peek = peekTransaction(buf);
    const tx = parseTransaction(buf);
    if (tx.signatures.length === 0) throw invalidParams('invalid transaction: Transaction failed to sanitize accounts offsets correctly');
    const signature = b58encode(tx.signatures[0]);
    const sigOk = this.verifySignatures(buf, peek);
    let early = this.checkAge(buf, peek);
    if (early === null && this.alreadyProcessed(buf, peek)) early = 'AlreadyProcessed';
    if (!skipPreflight) {
      if (!sigOk) throw signatureVerificationFailure();
      if (early !== null) throw preflightFailure(early, [], 0, null);
      const sim = this.runSimulation(buf, peek.version);
      if (sim instanceof native.FailedTransactionMetadata) {
        const err = transactionErrorJson(sim.err());
        throwIfNotLoadable(err);
        const meta = sim.meta();
        throw preflightFailure(err, meta.logs(), Number(meta.computeUnitsConsumed()), returnDataJson(meta.returnData()));
      }
    } else if (!sigOk || early !== null) {
      return signature;
    }
    this.land(buf, tx, signature);
    return signature;
  }

  /** Executes a transaction in the current slot, records it if it landed, ends the block. */
  land(buf, tx, signature) {
    const bytes = Buffer.from(buf); // a private copy: parsed views below point into it
    const parsed = parseTransaction(bytes);
    const { keys: allKeys, loaded } = this.resolveKeys(parsed);
    const programIndexes = new Set(parsed.instructions.map((ix) => ix.programIdIndex));
    const pre = this.snapshotBalances(allKeys, programIndexes);
    this.journalWritable(parsed, allKeys);
    const result = parsed.version === 'legacy' ? this.svm.sendLegacyTransaction(bytes) : this.svm.sendVersionedTransaction(bytes);
    const failed = result instanceof native.FailedTransactionMetadata;
    const post = this.snapshotBalances(allKeys, programIndexes);
    const feePaid = pre.balances[0] - post.balances[0];
    // A failed transaction has landed iff its fee payer was charged; otherwise nothing changed.
    if (failed && feePaid <= 0n) return null;
    let fee = 0n;
    for (let i = 0; i < allKeys.length; i++) fee += pre.balances[i] - post.balances[i];
    // Success yields TransactionMetadata itself; failure wraps it.
    const meta = failed ? result.meta() : result;
    const err = failed ? transactionErrorJson(result.err()) : null;
    const accountKeys = allKeys.map((k) => b58encode(k));
    const record = {
      key: Buffer.from(parsed.signatures[0]).toString('latin1'),
      signature,
      slot: this.slot,
      blockTime: this.lastUnixTimestamp,
      bytes,
      tx: parsed,
      accountKeys,
      loaded,
      err,
      fee,
      preBalances: pre.balances,
      postBalances: post.balances,
      preTokenBalances: pre.tokens,
      postTokenBalances: post.tokens,
      logs: meta.logs(),
      innerInstructions: compiledInnerInstructions(meta.innerInstructions()),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      returnData: returnDataJson(meta.returnData()),
      memo: extractMemo(parsed, accountKeys),
    };
    this.record(record);
    this.produceBlock(this.slot + 1);
    return record;
  }

  /** Records the pre-image of every account the transaction may write (only under a save point). */
  journalWritable(parsed, allKeys) {
    if (!this.journal.active) return;
    const numStatic = parsed.keys.length;
    const numLoadedWritable = parsed.lookups.reduce((n, l) => n + l.writable.length, 0);
    for (let i = 0; i < allKeys.length; i++) {
      const writable = i < numStatic ? isWritableStatic(parsed, i) : i < numStatic + numLoadedWritable;
      if (writable) this.journal.beforeWrite(allKeys[i], this.svm);
    }
  }

  record(rec) {
    this.transactionCount++;
    this.history.set(rec.key, rec);
    for (const address of new Set(rec.accountKeys)) {
      let list = this.byAddress.get(address);
      if (list === undefined) this.byAddress.set(address, (list = []));
      list.push(rec);
    }
    this.journal.afterRecord(rec);
    // Under a save point the history may run over its limit until the save points are released:
    // evicting would lose records a revert must keep.
    while (this.history.size > this.historyLimit && !this.journal.active) {
      const [oldestKey, oldest] = this.history.entries().next().value;
      this.history.delete(oldestKey);
      for (const address of new Set(oldest.accountKeys)) {
        const list = this.byAddress.get(address);
        if (list && list[0] === oldest) list.shift();
        if (list && list.length === 0) this.byAddress.delete(address);
      }
    }
  }

  /** Takes a transaction recorded after a save point out of the history again (newest first). */
  unrecord(rec) {
    if (this.history.get(rec.key) === rec) this.history.delete(rec.key);
    for (const address of new Set(rec.accountKeys)) {
      const list = this.byAddress.get(address);
      if (list && list[list.length - 1] === rec) list.pop();
      if (list && list.length === 0) this.byAddress.delete(address);
    }
  }

  /**
   * A transaction step of preflight_executeSteps: executed and committed in the current slot
   * without signature verification, blockhash or already-processed checks, not recorded in the
   * history, no block produced. `watch` accounts are read before and after; `encode` renders them.
   */
  executeStep(buf, watch, encode) {
    const peek = peekTransaction(buf);
    const read = () => watch.map((key) => {
      const acc = this.svm.getAccount(key);
      return acc && acc.lamports() > 0n ? encode(acc) : null;
    });
    const clock = this.clockJson();
    const pre = read();
    if (this.journal.active) {
      const parsed = parseTransaction(buf);
      this.journalWritable(parsed, this.resolveKeys(parsed).keys);
    }
    const result = peek.version === 'legacy' ? this.svm.sendLegacyTransaction(buf) : this.svm.sendVersionedTransaction(buf);
    const failed = result instanceof native.FailedTransactionMetadata;
    const meta = failed ? result.meta() : result;
    return {
      err: failed ? transactionErrorJson(result.err()) : null,
      logs: meta.logs(),
      unitsConsumed: Number(meta.computeUnitsConsumed()),
      returnData: returnDataJson(meta.returnData()),
      clock,
      pre,
      post: read(),
    };
  }

  /** Static keys, then v0 lookup-table keys (all writable ones, then all read-only ones). */
  resolveKeys(parsed) {
    const keys = parsed.keys.map((k) => Buffer.from(k));
    const loaded = { writable: [], readonly: [] };
    if (parsed.lookups.length > 0) {
      const tables = parsed.lookups.map((l) => {
        const acc = this.svm.getAccount(l.key);
        return acc ? Buffer.from(acc.data()) : Buffer.alloc(0);
      });
      const pick = (t, i) => {
        const off = LOOKUP_TABLE_META_SIZE + i * 32;
        return off + 32 <= tables[t].length ? Buffer.from(tables[t].subarray(off, off + 32)) : Buffer.alloc(32);
      };
      parsed.lookups.forEach((l, t) => l.writable.forEach((i) => loaded.writable.push(pick(t, i))));
      parsed.lookups.forEach((l, t) => l.readonly.forEach((i) => loaded.readonly.push(pick(t, i))));
    }
    return {
      keys: keys.concat(loaded.writable, loaded.readonly),
      loaded: { writable: loaded.writable.map(b58encode), readonly: loaded.readonly.map(b58encode) },
    };
  }

  snapshotBalances(keys, programIndexes) {
    const balances = [];
    const tokens = [];
    for (let i = 0; i < keys.length; i++) {
      if (programIndexes.has(i)) {
        balances.push(this.balance(keys[i]));
        continue;
      }
      const acc = this.svm.getAccount(keys[i]);
      if (acc === null) {
        balances.push(0n);
        continue;
      }
      balances.push(acc.lamports());
      const owner = b58encode(acc.owner());
      const token = readTokenAccount(owner, acc.data());
      if (token !== null) {
        const mint = this.svm.getAccount(addressBytes(token.mint));
        const decimals = mint ? readMintDecimals(b58encode(mint.owner()), mint.data()) : null;
        if (decimals !== null) {
          tokens.push({ accountIndex: i, mint: token.mint, uiTokenAmount: uiTokenAmount(token.amount, decimals), owner: token.owner, programId: owner });
        }
      }
    }
    return { balances, tokens };
  }

  /** requestAirdrop: a signed System transfer from the faucet account, landed like any other. */
  airdrop(toBytes, lamports) {
    if (toBytes.equals(this.faucet.publicKey)) throw invalidParams('Invalid params: the faucet cannot airdrop to itself');
    const buf = buildTransfer(this.faucet, toBytes, lamports, this.latest.bytes);
    const tx = parseTransaction(buf);
    const signature = b58encode(tx.signatures[0]);
    const rec = this.land(buf, tx, signature);
    if (rec === null || rec.err !== null) {
      const why = rec === null ? 'the faucet transaction did not land' : transactionErrorText(rec.err);
      throw new RpcError(-32603, `Internal error: airdrop failed: ${why}`);
    }
    return signature;
  }

  /** Fee of a message as LiteSVM charges it: 5,000 lamports per signature + priority fee. */
  feeForMessage(messageBytes) {
    // Reuse the transaction parser by prefixing an empty signature list.
    const parsed = parseTransaction(Buffer.concat([Buffer.from([0]), messageBytes]));
    let sigs = parsed.header[0];
    let price = 0n;
    let limit = null;
    const computeBudget = addressBytes('ComputeBudget111111111111111111111111111111');
    let defaultLimit = 0;
    for (const ix of parsed.instructions) {
      const program = parsed.keys[ix.programIdIndex];
      if (program && program.equals(computeBudget)) {
        if (ix.data[0] === 2 && ix.data.length >= 5) limit = ix.data.readUInt32LE(1);
        if (ix.data[0] === 3 && ix.data.length >= 9) price = ix.data.readBigUInt64LE(1);
        continue;
      }
      const name = program ? b58encode(program) : '';
      // Precompile signatures are charged too (first data byte = number of signatures).
      if (name === 'KeccakSecp256k11111111111111111111111111111' || name === 'Ed25519SigVerify111111111111111111111111111'
        || name === 'Secp256r1SigVerify1111111111111111111111111') {
        sigs += ix.data[0] ?? 0;
      }
      defaultLimit += BUILTINS.has(name) ? 3000 : 200000;
    }
    const units = BigInt(Math.min(limit ?? defaultLimit, 1400000));
    const priority = (price * units + 999999n) / 1000000n;
    return 5000n * BigInt(sigs) + priority;
  }
}

const BUILTINS = new Set([
  SYSTEM_PROGRAM, 'Vote111111111111111111111111111111111111111', BPF_LOADER_UPGRADEABLE, BPF_LOADER,
  'BPFLoader1111111111111111111111111111111111', 'LoaderV411111111111111111111111111111111111',
  'ComputeBudget111111111111111111111111111111', 'KeccakSecp256k11111111111111111111111111111',
  'Ed25519SigVerify111111111111111111111111111', 'Secp256r1SigVerify1111111111111111111111111',
]);

function toSafeInteger(value, name) {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidParams(`Invalid params: ${name} must be a non-negative integer`);
  return value;
}

// Errors that Agave reports while sanitizing a transaction (before it could run) surface as
// "invalid transaction" parameter errors rather than as simulation results.
const NOT_LOADABLE = new Set(['SanitizeFailure', 'UnsupportedVersion', 'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData', 'InvalidAddressLookupTableIndex']);

function throwIfNotLoadable(err) {
  if (typeof err === 'string' && NOT_LOADABLE.has(err)) {
    throw invalidParams(`invalid transaction: ${transactionErrorText(err)}`);
  }
}

function preflightFailure(err, logs, unitsConsumed, returnData) {
  return new RpcError(SEND_TRANSACTION_PREFLIGHT_FAILURE, `Transaction simulation failed: ${transactionErrorText(err)}`, {
    err,
    logs,
    accounts: null,
    unitsConsumed,
    returnData,
    innerInstructions: null,
    replacementBlockhash: null,
  });
}

function returnDataJson(rd) {
  const data = rd.data();
  if (data.length === 0) return null;
  return { programId: b58encode(rd.programId()), data: [Buffer.from(data).toString('base64'), 'base64'] };
}

function compiledInnerInstructions(lists) {
  const out = [];
  lists.forEach((list, index) => {
    if (list.length === 0) return;
    out.push({
      index,
      instructions: list.map((inner) => {
        const ix = inner.instruction();
        return { programIdIndex: ix.programIdIndex(), accounts: Array.from(ix.accounts()), data: b58encode(ix.data()), stackHeight: inner.stackHeight() };
      }),
    });
  });
  return out;
}

function staticKeysB58(buf, peek) {
  const keys = [];
  for (let i = 0; i < peek.numKeys; i++) keys.push(b58encode(buf.subarray(peek.firstKeyOffset + i * 32, peek.firstKeyOffset + (i + 1) * 32)));
  return keys;
}

/** Inner instructions in simulateTransaction's shape (UiPartiallyDecodedInstruction). */
function uiInnerInstructions(lists, keys) {
  return compiledInnerInstructions(lists).map(({ index, instructions }) => ({
    index,
    instructions: instructions.map((ix) => ({
      programId: keys[ix.programIdIndex] ?? '',
      accounts: ix.accounts.map((a) => keys[a] ?? ''),
      data: ix.data,
      stackHeight: ix.stackHeight,
    })),
  }));
}

/** Memo text as Agave's extract_and_fmt_memos writes it: "[len] text" joined by "; ". */
function extractMemo(parsed, accountKeys) {
  const memos = [];
  for (const ix of parsed.instructions) {
    if (MEMO_PROGRAMS.has(accountKeys[ix.programIdIndex])) {
      const text = Buffer.from(ix.data).toString('utf8');
      memos.push(`[${Buffer.byteLength(text)}] ${text}`);
    }
  }
  return memos.length > 0 ? memos.join('; ') : null;
}

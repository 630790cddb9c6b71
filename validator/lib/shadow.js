// Tracing on demand: a second LiteSVM instance, created with SBF_TRACE_DIR set, that simulates
// only the transactions a client asks to trace, on a copy of the accounts they touch taken from
// the main chain just before. The main chain runs untraced at full speed; a fuzzer sends here the
// few cases whose cheap signals (outcome, compute units, logs) were new.
//
// LiteSVM reads SBF_TRACE_DIR when an instance is created (verified on litesvm 1.5.0: setting the
// variable later traces nothing, unsetting it later does not stop an instance that traces), so
// the two instances differ only in that and the main one never traces.

import { createRequire } from 'node:module';
import { b58encode } from './codec.js';
import { invalidParams, transactionErrorJson } from './errors.js';
import { BPF_LOADER_UPGRADEABLE, addressBytes } from './keys.js';
import { parseTransaction, peekTransaction } from './tx.js';

const require = createRequire(import.meta.url);
const native = require('litesvm/dist/internal.js');
const { Account, LiteSvm } = native;

const LOADER_UPGRADEABLE_BYTES = addressBytes(BPF_LOADER_UPGRADEABLE);
const NATIVE_LOADER_BYTES = addressBytes('NativeLoader1111111111111111111111111111111');
const SYSVAR_OWNER_BYTES = addressBytes('Sysvar1111111111111111111111111111111111111');
/** UpgradeableLoaderState::ProgramData header: u32 variant, u64 slot, Option<Pubkey>. */
const PROGRAM_DATA_HEADER = 45;

export class TraceShadow {
  /**
   * @param chain the main chain, whose accounts and clock each traced simulation copies
   * @param dir where LiteSVM writes the traces
   * @param configure applies the main instance's settings (sigverify, blockhash check, epochs)
   */
  constructor(chain, dir, configure) {
    this.chain = chain;
    this.dir = dir;
    const before = process.env.SBF_TRACE_DIR;
    process.env.SBF_TRACE_DIR = dir;
    try {
      this.svm = new LiteSvm();
    } finally {
      if (before === undefined) delete process.env.SBF_TRACE_DIR;
      else process.env.SBF_TRACE_DIR = before;
    }
    configure(this.svm);
    this.traced = 0;
  }

  /**
   * Simulates `buf` on the shadow with the main chain's current state of every account the
   * transaction names (and the ProgramData of upgradeable programs), so the traced execution is
   * the one the main chain would run. Nothing changes on the main chain.
   */
  trace(buf) {
    const peek = peekTransaction(buf);
    const parsed = parseTransaction(buf);
    const { keys } = this.chain.resolveKeys(parsed);
    const programs = [];
    const others = [];
    for (const key of keys) {
      const acc = this.chain.svm.getAccount(key);
      if (acc && acc.executable() && Buffer.from(acc.owner()).equals(LOADER_UPGRADEABLE_BYTES)) {
        const data = Buffer.from(acc.data());
        if (data.length >= 36 && data.readUInt32LE(0) === 2) {
          const pdKey = data.subarray(4, 36);
          const pd = this.chain.svm.getAccount(pdKey);
          if (pd) refuseUntraceable(key, Buffer.from(pd.data()).subarray(PROGRAM_DATA_HEADER));
          // ProgramData before the Program account: LiteSVM compiles on the Program write.
          others.push([Buffer.from(pdKey), pd]);
        }
        programs.push([key, acc]);
      } else if (acc && acc.executable() && !Buffer.from(acc.owner()).equals(NATIVE_LOADER_BYTES)) {
        refuseUntraceable(key, Buffer.from(acc.data()));
        programs.push([key, acc]);
      } else {
        others.push([key, acc]);
      }
    }
    for (const [key, acc] of others.concat(programs)) this.sync(key, acc);
    this.svm.setClock(this.chain.svm.getClock());
    const result = peek.version === 'legacy' ? this.svm.simulateLegacyTransaction(buf) : this.svm.simulateVersionedTransaction(buf);
    const failed = result instanceof native.FailedTransactionMetadata;
    const meta = result.meta();
    this.traced += 1;
    return { err: failed ? transactionErrorJson(result.err()) : null, unitsConsumed: Number(meta.computeUnitsConsumed()) };
  }

  /** Makes the shadow's account equal the main chain's (absent: emptied), writing only on change. */
  sync(key, acc) {
    const mine = this.svm.getAccount(key);
    if (acc && Buffer.from(acc.owner()).equals(SYSVAR_OWNER_BYTES)) return; // the clock is copied whole
    if (!acc || acc.lamports() === 0n) {
      if (mine && mine.lamports() > 0n) {
        this.svm.setAccount(key, new Account(0n, new Uint8Array(0), addressBytes('11111111111111111111111111111111'), false, 0n));
      }
      return;
    }
    if (mine && mine.lamports() === acc.lamports() && mine.executable() === acc.executable()
        && Buffer.from(mine.owner()).equals(Buffer.from(acc.owner()))
        && Buffer.from(mine.data()).equals(Buffer.from(acc.data()))) {
      return;
    }
    this.svm.setAccount(key, new Account(acc.lamports(), acc.data(), acc.owner(), acc.executable(), acc.rentEpoch()));
  }
}

/**
 * LiteSVM 1.5.0 panics (aborting the process) while loading an SBPF v3 ELF, or one without
 * section headers, into an instance that traces: such a program is refused here instead.
 */
function refuseUntraceable(key, elf) {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) return;
  const flags = elf.readUInt32LE(48);
  const shnum = elf.readUInt16LE(60);
  if (flags === 3 || shnum === 0) {
    throw invalidParams(`Invalid params: program ${b58encode(key)} is SBPF v${flags}${shnum === 0 ? ' without section headers' : ''}; LiteSVM 1.5.0 cannot trace it`);
  }
}

/** preflight_trace([base64 transaction...]) -> {context, value: [{err, unitsConsumed}]} */
export function createTraceMethods(chain, shadow, decode) {
  return {
    preflight_trace(p) {
      if (shadow === null) {
        throw invalidParams('Invalid params: tracing on demand is off; start the validator with --trace-on-demand DIR');
      }
      if (!Array.isArray(p) || p.length !== 1 || !Array.isArray(p[0])) throw invalidParams('Invalid params: expected [[base64 transaction...]]');
      const txs = p[0].map((t, i) => {
        const bytes = typeof t === 'string' ? decode(t) : null;
        if (bytes === null) throw invalidParams(`Invalid params: transaction ${i} must be base64`);
        try {
          peekTransaction(bytes);
        } catch (e) {
          // LiteSVM aborts the process on bytes it cannot deserialize: nothing unchecked reaches it.
          throw invalidParams(`Invalid params: transaction ${i}: ${e.message}`);
        }
        return bytes;
      });
      return { context: chain.context(), value: txs.map((b) => shadow.trace(b)) };
    },
  };
}

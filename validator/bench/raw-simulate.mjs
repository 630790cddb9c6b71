// Raw simulation rate: the same transactions a fuzz campaign sends to the embedded validator,
// simulated by calling LiteSVM directly in this process (no HTTP, no JSON, no post-state
// encoding), as a ceiling for the validator-backed rate.
//
//   node validator/bench/raw-simulate.mjs <dump.json> [seconds] [--send]
//
// With --send the transactions are executed and committed one after another (state carries, as in
// a stateful sequence) instead of simulated: the ceiling for the validator's step rate.
//
// dump.json: {"clock": base64 of the Clock sysvar data, "accounts": [{"address", "lamports",
// "owner", "data" (base64), "executable"}], "transactions": [base64 ...]} as written by
// dev.preflight.core.fuzz.FuzzBenchmark. Loader-owned executable accounts are compiled by
// LiteSVM when written, so writing the Program and ProgramData accounts deploys the program.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { b58decode } from '../lib/codec.js';

const require = createRequire(import.meta.url);
const native = require('litesvm/dist/internal.js');
const { Account, Clock, LiteSvm } = native;

const argv = process.argv.slice(2);
const send = argv.includes('--send');
const [file, secondsArg] = argv.filter((a) => a !== '--send');
if (!file) {
  console.error('usage: node raw-simulate.mjs <dump.json> [seconds]');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 5);
const dump = JSON.parse(readFileSync(file, 'utf8'));

const svm = new LiteSvm();
svm.setSigverify(false);
svm.setBlockhashCheck(false);
svm.setTransactionHistory(0n);
// ProgramData before Program: the Program account's write compiles what ProgramData holds.
const accounts = [...dump.accounts].sort((a, b) => Number(a.executable) - Number(b.executable));
for (const a of accounts) {
  svm.setAccount(b58decode(a.address), new Account(BigInt(a.lamports), Buffer.from(a.data, 'base64'),
    b58decode(a.owner), a.executable, 18446744073709551615n));
}
// Clock layout (solana_clock::Clock): slot u64, epoch_start_timestamp i64, epoch u64,
// leader_schedule_epoch u64, unix_timestamp i64.
const c = Buffer.from(dump.clock, 'base64');
svm.setClock(new Clock(c.readBigUInt64LE(0), c.readBigInt64LE(8), c.readBigUInt64LE(16),
  c.readBigUInt64LE(24), c.readBigInt64LE(32)));

const txs = dump.transactions.map((t) => Buffer.from(t, 'base64'));
let ok = 0;
for (const tx of txs) {
  const r = svm.simulateLegacyTransaction(tx);
  if (!(r instanceof native.FailedTransactionMetadata)) ok++;
}
const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
let n = 0;
const t0 = process.hrtime.bigint();
while (process.hrtime.bigint() < deadline) {
  for (let i = 0; i < txs.length; i++) {
    const r = send ? svm.sendLegacyTransaction(txs[i]) : svm.simulateLegacyTransaction(txs[i]);
    (r instanceof native.FailedTransactionMetadata ? r.meta() : send ? r : r.meta()).computeUnitsConsumed();
    n++;
  }
}
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ mode: send ? 'send' : 'simulate', transactions: txs.length, succeeded: ok, simulations: n,
  seconds: Number(elapsed.toFixed(2)), perSecond: Math.round(n / elapsed) }));

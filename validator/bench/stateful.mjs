// Figures for stateful fuzzing (README.md "Save points"): the cost of a revert with the undo
// journal against serializing the whole LiteSVM (toBytes / fromBytes), in process; then steps per
// second over HTTP, one preflight_executeSteps call per step against batches.
//
//   node validator/bench/stateful.mjs [seconds per row]
//
// The ledger holds the reference escrow program (fixtures/escrow/bin/escrow.so) beside LiteSVM's
// built-in programs, so the serialized state has a realistic size. A "sequence" is 5 System
// transfers from a fee payer to 5 fresh accounts (7 accounts written).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chain } from '../lib/chain.js';
import { b58encode } from '../lib/codec.js';
import { encodeAccount } from '../lib/rpc.js';
import { addressBytes, keypairFromSeed } from '../lib/keys.js';
import { buildTransfer } from '../lib/tx.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { LiteSvm } = require('litesvm/dist/internal.js');
const seconds = Number(process.argv[2] ?? 3);
const ESCROW = join(here, '../../fixtures/escrow/bin/escrow.so');
const T0 = 1_750_000_000;

const payer = keypairFromSeed(Buffer.alloc(32, 1));
const targets = [2, 3, 4, 5, 6].map((b) => keypairFromSeed(Buffer.alloc(32, b)).publicKey);

function sequence(blockhash) {
  return targets.map((to) => {
    const tx = buildTransfer(payer, to, 1_000_000n, blockhash);
    tx.fill(0, 1, 65);
    return tx;
  });
}

/** Runs fn for `seconds`; prints and returns the mean time per call in us. */
function rate(label, fn) {
  const end = process.hrtime.bigint() + BigInt(seconds * 1e9);
  let n = 0;
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    fn();
    n++;
  }
  const us = Number(process.hrtime.bigint() - start) / 1e3 / n;
  console.log(`${label}: ${n} in ${seconds} s, ${us.toFixed(1)} us each`);
  return us;
}

// ---- in process: revert by journal vs by whole-state bytes ---------------------------------------
const chain = new Chain({ slotTimeMs: 0, clockUnixTimestamp: T0 });
chain.deployUpgradeable(addressBytes('4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3'), readFileSync(ESCROW), null);
chain.airdrop(payer.publicKey, 1_000_000_000_000n);
const txs = sequence(chain.latest.bytes);
const encode = (a) => encodeAccount(a, 'base64');
const run = () => txs.forEach((tx) => chain.executeStep(tx, [], encode));

rate('sequence of 5 transfers, no save point', run);
const id = chain.snapshot();
// Only the revert is timed: on a busy machine the difference of two rates is noise.
let revertNs = 0n;
let reverts = 0;
rate('sequence + revert (journal)', () => {
  run();
  const t = process.hrtime.bigint();
  chain.revert(id);
  revertNs += process.hrtime.bigint() - t;
  reverts++;
});
console.log(`  -> revert by journal: ${(Number(revertNs) / 1e3 / reverts).toFixed(1)} us each`);
const bytes = chain.svm.toBytes();
console.log(`whole state: ${bytes.length} bytes`);
rate('toBytes (snapshot by serialization)', () => chain.svm.toBytes());
rate('fromBytes (revert by serialization)', () => LiteSvm.fromBytes(bytes));

// ---- over HTTP: steps per second, one per call vs batches ---------------------------------------
const server = spawn(process.execPath, [join(here, '../bin/preflight-validator'), '--port', '0', '--slot-time-ms', '0',
  '--clock', String(T0), '--upgradeable-program', '4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3', ESCROW, 'none'],
{ stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim().split(' ')[1])));
let nextId = 1;
async function call(method, params) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}
await call('requestAirdrop', [payer.address, 1_000_000_000_000]);
const blockhash = addressBytes((await call('getLatestBlockhash', [])).value.blockhash);
// Each step watches its recipient and the fee payer: the pre/post state a fuzzer judges.
const wire = sequence(blockhash).map((tx, i) => ({ transaction: tx.toString('base64'), watch: [b58encode(targets[i]), payer.address] }));
const snap = (await call('surfnet_snapshot', [])).value;

async function httpRate(label, perCall, withRevert) {
  const end = Date.now() + seconds * 1000;
  let steps = 0;
  let calls = 0;
  while (Date.now() < end) {
    const batch = [];
    if (withRevert) batch.push({ revert: snap });
    while (batch.length < perCall + (withRevert ? 1 : 0)) batch.push(wire[(steps + batch.length) % wire.length]);
    await call('preflight_executeSteps', [batch]);
    steps += perCall;
    calls++;
  }
  console.log(`${label}: ${Math.round(steps / seconds)} steps/s (${calls} calls)`);
}
await httpRate('HTTP, 1 step per call', 1, false);
await httpRate('HTTP, 5 steps per call (revert + a 5-step sequence)', 5, true);
await httpRate('HTTP, 50 steps per call', 50, false);
const endR = Date.now() + seconds * 1000;
let httpReverts = 0;
while (Date.now() < endR) {
  await call('surfnet_revert', [snap]);
  httpReverts++;
}
console.log(`HTTP, surfnet_revert alone: ${Math.round(httpReverts / seconds)} calls/s`);
server.kill('SIGTERM');

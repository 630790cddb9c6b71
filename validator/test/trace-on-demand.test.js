// Tracing on demand, in process: the chain stays untraced; preflight_trace and trace steps run the
// transaction in the traced instance on a copy of the chain's accounts; a program LiteSVM cannot
// trace is refused before it reaches that instance.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chain } from '../lib/chain.js';
import { b64decodeStrict } from '../lib/codec.js';
import { encodeAccount } from '../lib/rpc.js';
import { TraceShadow, createTraceMethods } from '../lib/shadow.js';
import { createStepMethods } from '../lib/steps.js';

const BIN = new URL('../../fixtures/escrow/bin/', import.meta.url);
const PROGRAM = Buffer.alloc(32, 7);
const PAYER = Buffer.alloc(32, 9);

function world(soName) {
  const dir = mkdtempSync(join(tmpdir(), 'trace-on-demand-'));
  const chain = new Chain({ slotTimeMs: 0 });
  const shadow = new TraceShadow(chain, dir, (svm) => {
    svm.setSigverify(false);
    svm.setBlockhashCheck(false);
    svm.setTransactionHistory(0n);
    svm.setEpochSchedule(chain.svm.getEpochSchedule());
  });
  chain.deployUpgradeable(PROGRAM, readFileSync(new URL(soName, BIN)), null);
  chain.setAccount(PAYER, { lamports: 10_000_000_000n, data: Buffer.alloc(0), owner: Buffer.alloc(32), executable: false, rentEpoch: 0 });
  return { dir, chain, shadow };
}

/** A legacy transaction calling the program with 8 bytes of instruction data (no accounts). */
function call(fill) {
  const message = Buffer.concat([Buffer.from([1, 0, 1, 2]), PAYER, PROGRAM, Buffer.alloc(32, 1),
    Buffer.from([1, 1, 0, 8]), Buffer.alloc(8, fill)]);
  return Buffer.concat([Buffer.from([1]), Buffer.alloc(64), message]);
}

test('preflight_trace traces in the second instance; the chain itself never traces', () => {
  const { dir, chain, shadow } = world('escrow.so');
  chain.runSimulation(call(1), 'legacy');
  assert.deepEqual(readdirSync(dir), [], 'the chain simulated untraced');
  const methods = createTraceMethods(chain, shadow, b64decodeStrict);
  const before = chain.transactionCount;
  const out = methods.preflight_trace([[call(2).toString('base64')]]);
  assert.equal(out.value.length, 1);
  assert.deepEqual(out.value[0].err, { InstructionError: [0, 'InvalidInstructionData'] });
  const files = readdirSync(dir);
  assert.equal(files.filter((f) => f.endsWith('.regs')).length, 1, files.join(' '));
  const id = files.find((f) => f.endsWith('.program_id'));
  assert.equal(readFileSync(join(dir, id), 'utf8').trim().length > 30, true);
  assert.equal(chain.transactionCount, before, 'nothing landed');
  // the traced instance holds the chain's state of the accounts the transaction named
  assert.equal(shadow.svm.getAccount(PAYER).lamports(), chain.svm.getAccount(PAYER).lamports());
});

test('a trace step runs between the steps of a batch; without tracing on demand it is refused', () => {
  const { dir, chain, shadow } = world('escrow.so');
  const steps = createStepMethods(chain, (a, e) => encodeAccount(a, e), shadow);
  const r = steps.preflight_executeSteps([[{ trace: call(3).toString('base64') }, { clock: { unixTimestamp: 1_800_000_000 } }]]);
  assert.equal(r.value.length, 2);
  assert.equal(typeof r.value[0].unitsConsumed, 'number');
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.regs')).length, 1);
  const untraced = createStepMethods(chain, (a, e) => encodeAccount(a, e), null);
  assert.throws(() => untraced.preflight_executeSteps([[{ trace: call(3).toString('base64') }]]),
    /tracing on demand is off/);
  assert.throws(() => createTraceMethods(chain, null, b64decodeStrict).preflight_trace([[call(3).toString('base64')]]),
    /tracing on demand is off/);
});

test('an SBPF v3 program is refused before it reaches the traced instance', () => {
  const { dir, chain, shadow } = world('escrow-v3.so');
  const methods = createTraceMethods(chain, shadow, b64decodeStrict);
  assert.throws(() => methods.preflight_trace([[call(4).toString('base64')]]), /SBPF v3.*cannot trace/);
  assert.deepEqual(readdirSync(dir), []);
  // the process is alive and the chain still executes the program untraced
  const r = chain.runSimulation(call(5), 'legacy');
  assert.ok(r.meta().logs().length > 0);
});

// Save points, step batches and the pinned clock, on a real LiteSVM ledger (in process: the
// methods are called as the server calls them). Java tests drive the same over HTTP with the escrow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chain } from '../lib/chain.js';
import { createCheatcodes } from '../lib/cheatcodes.js';
import { b58encode } from '../lib/codec.js';
import { stringify } from '../lib/json.js';
import { keypairFromSeed } from '../lib/keys.js';
import { createMethods, encodeAccount } from '../lib/rpc.js';
import { createStepMethods } from '../lib/steps.js';
import { buildTransfer } from '../lib/tx.js';

const T0 = 1_750_000_000;

function ledger(opts = {}) {
  const chain = new Chain({ slotTimeMs: 0, clockUnixTimestamp: T0, ...opts });
  const m = { ...createMethods(chain), ...createCheatcodes(chain), ...createStepMethods(chain, encodeAccount) };
  // Every answer goes through JSON as the server sends it.
  const call = (method, params) => JSON.parse(stringify(m[method](params)));
  return { chain, call };
}

/** Everything a client can read of the listed accounts and of the clock, as JSON text. */
function observe(call, addresses) {
  return JSON.stringify({
    accounts: call('getMultipleAccounts', [addresses, { encoding: 'base64' }]).value,
    slot: call('getSlot', []),
    epoch: call('getEpochInfo', []),
    blockhash: call('getLatestBlockhash', []).value,
    count: call('getTransactionCount', []),
    signatures: addresses.map((a) => call('getSignaturesForAddress', [a])),
  });
}

const payer = keypairFromSeed(Buffer.alloc(32, 11));
const alice = keypairFromSeed(Buffer.alloc(32, 12)).publicKey;
const bob = keypairFromSeed(Buffer.alloc(32, 13)).publicKey;
const addresses = [payer.address, b58encode(alice), b58encode(bob)];

/** A System transfer with a zeroed signature (steps skip signature verification). */
function unsigned(chain, to, lamports) {
  const signed = buildTransfer(payer, to, BigInt(lamports), chain.latest.bytes);
  signed.fill(0, 1, 65);
  return signed.toString('base64');
}

test('revert brings back every account, the clock, the blocks and the history', () => {
  const { chain, call } = ledger();
  call('requestAirdrop', [payer.address, 5_000_000_000]);
  const before = observe(call, addresses);
  const clockBefore = chain.svm.getClock();
  const id = call('surfnet_snapshot', []).value;

  call('requestAirdrop', [b58encode(alice), 2_000_000_000]);
  call('surfnet_setAccount', [b58encode(bob), { lamports: 99, data: 'beef' }]);
  call('surfnet_timeTravel', [{ absoluteTimestamp: (T0 + 86_400) * 1000 }]);
  const steps = call('preflight_executeSteps', [[{ transaction: unsigned(chain, alice, 1_000), watch: [b58encode(alice)] }]]);
  assert.equal(steps.value[0].err, null);
  assert.notEqual(observe(call, addresses), before);

  call('surfnet_revert', [id]);
  assert.equal(observe(call, addresses), before);
  const clockAfter = chain.svm.getClock();
  assert.equal(clockAfter.slot, clockBefore.slot);
  assert.equal(clockAfter.unixTimestamp, clockBefore.unixTimestamp);
  assert.equal(clockAfter.epochStartTimestamp, clockBefore.epochStartTimestamp);

  // The save point stays: change again, revert again.
  call('surfnet_setAccount', [payer.address, { lamports: 1 }]);
  call('surfnet_revert', [id]);
  assert.equal(observe(call, addresses), before);
});

test('reverting to an earlier save point drops the later ones; release forgets one', () => {
  const { call } = ledger();
  const first = call('surfnet_snapshot', []).value;
  call('surfnet_setAccount', [b58encode(alice), { lamports: 10 }]);
  const second = call('surfnet_snapshot', []).value;
  call('surfnet_setAccount', [b58encode(alice), { lamports: 20 }]);
  call('surfnet_revert', [second]);
  assert.equal(call('getBalance', [b58encode(alice)]).value, 10);
  call('surfnet_revert', [first]);
  assert.equal(call('getAccountInfo', [b58encode(alice)]).value, null);
  assert.throws(() => call('surfnet_revert', [second]), /no snapshot with id "2"/);
  assert.equal(call('surfnet_releaseSnapshot', [first]).value, true);
  assert.equal(call('surfnet_releaseSnapshot', [first]).value, false);
  assert.throws(() => call('surfnet_revert', [first]), (e) => e.code === -32602);
});

test('steps run in order, a failed transaction does not stop the batch, each reports its clock and accounts', () => {
  const { chain, call } = ledger();
  call('requestAirdrop', [payer.address, 1_000_000_000]);
  const watch = [b58encode(alice)];
  const r = call('preflight_executeSteps', [[
    { transaction: unsigned(chain, alice, 5_000_000), watch },
    { transaction: unsigned(chain, alice, 10_000_000_000), watch }, // more than the payer holds
    { clock: { unixTimestamp: T0 - 3_600 } }, // backward is allowed
    { setAccount: [b58encode(bob), { lamports: 42 }] },
    { transaction: unsigned(chain, alice, 1), watch },
  ]]).value;
  assert.equal(r.length, 5);
  assert.equal(r[0].err, null);
  assert.equal(r[0].pre[0], null);
  assert.equal(r[0].post[0].lamports, 5_000_000);
  assert.deepEqual(r[0].post[0].data, ['', 'base64']);
  assert.deepEqual(r[1].err, { InstructionError: [0, { Custom: 1 }] }); // SystemError::ResultWithNegativeLamports
  assert.equal(r[1].pre[0].lamports, 5_000_000);
  assert.equal(r[1].post[0].lamports, 5_000_000);
  assert.ok(r[1].logs.some((l) => l.includes('insufficient lamports')), r[1].logs.join('\n'));
  assert.equal(r[0].clock.unixTimestamp, T0);
  assert.deepEqual(r[2].clock, { slot: r[0].clock.slot, unixTimestamp: T0 - 3_600 });
  assert.equal(r[4].clock.unixTimestamp, T0 - 3_600);
  assert.equal(Number(chain.svm.getClock().unixTimestamp), T0 - 3_600);
  assert.equal(call('getBalance', [b58encode(bob)]).value, 42);
  assert.equal(r[4].post[0].lamports, 5_000_001);
  assert.ok(r[0].unitsConsumed > 0);
});

test('a malformed step is refused before any step runs', () => {
  const { chain, call } = ledger();
  call('requestAirdrop', [payer.address, 1_000_000_000]);
  const good = { transaction: unsigned(chain, alice, 5) };
  const truncated = Buffer.from(unsigned(chain, alice, 5), 'base64').subarray(0, 90).toString('base64');
  assert.throws(() => call('preflight_executeSteps', [[good, { transaction: truncated }]]), /step 1: failed to deserialize/);
  assert.throws(() => call('preflight_executeSteps', [[good, { revert: '1' }]]), /step 1: revert is allowed only as the first step/);
  assert.throws(() => call('preflight_executeSteps', [[{ revert: '9' }, good]]), /step 0: no snapshot/);
  assert.throws(() => call('preflight_executeSteps', [[{ clock: {} }]]), /unixTimestamp and\/or absoluteSlot/);
  assert.equal(call('getAccountInfo', [b58encode(alice)]).value, null);
});

test('a batch may start by reverting', () => {
  const { chain, call } = ledger();
  call('requestAirdrop', [payer.address, 1_000_000_000]);
  const id = call('surfnet_snapshot', []).value;
  const seq = [{ revert: id }, { transaction: unsigned(chain, alice, 1_000_000) }, { clock: { unixTimestamp: T0 + 10 } }];
  call('preflight_executeSteps', [seq]);
  call('preflight_executeSteps', [seq]);
  assert.equal(call('getBalance', [b58encode(alice)]).value, 1_000_000);
  assert.equal(Number(chain.svm.getClock().unixTimestamp), T0 + 10);
});

test('a pinned clock stays put while transactions land', () => {
  const { chain, call } = ledger();
  call('requestAirdrop', [payer.address, 1_000_000_000]);
  call('requestAirdrop', [b58encode(alice), 1_000_000_000]);
  assert.equal(Number(chain.svm.getClock().unixTimestamp), T0);
  assert.equal(call('getBlockTime', [call('getSlot', [])]), T0);
  call('surfnet_timeTravel', [{ absoluteTimestamp: (T0 + 60) * 1000 }]);
  assert.equal(Number(chain.svm.getClock().unixTimestamp), T0 + 60);
});

test('with a pinned clock and a slot timer, time moves by the slot time per produced slot', async () => {
  const chain = new Chain({ slotTimeMs: 250, clockUnixTimestamp: T0 });
  const first = chain.slot;
  chain.startSlotTimer();
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  chain.stop();
  const produced = chain.slot - first;
  assert.ok(produced >= 2, `only ${produced} slots`);
  assert.equal(Number(chain.svm.getClock().unixTimestamp), T0 + Math.floor((produced * 250) / 1000));
});

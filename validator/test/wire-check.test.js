// LiteSVM aborts the whole process on transaction bytes its deserializer refuses (README.md "When
// the process dies"). Mutated transactions go through the server's wire check and, when it lets
// them pass, into LiteSVM for real, in this process: an abort would kill the test run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chain } from '../lib/chain.js';
import { keypairFromSeed } from '../lib/keys.js';
import { buildTransfer, peekTransaction } from '../lib/tx.js';

test('mutated transactions either fail the wire check or run without aborting', () => {
  const chain = new Chain({ slotTimeMs: 0, clockUnixTimestamp: 1_750_000_000 });
  const payer = keypairFromSeed(Buffer.alloc(32, 1));
  chain.airdrop(payer.publicKey, 10_000_000_000n);
  const base = buildTransfer(payer, Buffer.alloc(32, 9), 5n, chain.latest.bytes);
  let seed = 1;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  let refused = 0;
  let ran = 0;
  for (let i = 0; i < 5000; i++) {
    let tx = Buffer.from(base);
    for (let j = 1 + (rnd() % 4); j > 0; j--) {
      const at = rnd() % tx.length;
      switch (rnd() % 5) {
        case 0: tx[at] = rnd() & 0xff; break;
        case 1: tx = tx.subarray(0, at); break;
        case 2: tx = Buffer.concat([tx, Buffer.alloc(rnd() % 8, rnd() & 0xff)]); break;
        case 3: tx = Buffer.concat([tx.subarray(0, at), Buffer.from([rnd() & 0xff]), tx.subarray(at)]); break;
        default: tx[65 + (rnd() % 4)] = rnd() & 0xff; // header and account count
      }
      if (tx.length === 0) break;
    }
    try {
      peekTransaction(tx);
    } catch (e) {
      assert.equal(e.code, -32602);
      refused++;
      continue;
    }
    try {
      if (i % 2) chain.executeStep(tx, [], (a) => a);
      else chain.simulate(tx, { sigVerify: false, replaceRecentBlockhash: true }, (a) => a);
    } catch (e) {
      assert.equal(e.code, -32602, e.message); // an unsanitizable message is a parameter error
    }
    ran++;
  }
  assert.ok(refused > 100 && ran > 100, `refused ${refused}, ran ${ran}`);
});

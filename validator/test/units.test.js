// Unit checks of the server's byte-level helpers. End-to-end behaviour is tested from Java
// (src/test/java) through sava-rpc against the running server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { b58decode, b58encode, hexdecode, zstdRawFrame } from '../lib/codec.js';
import { transactionErrorText } from '../lib/errors.js';
import { stringify, u64 } from '../lib/json.js';
import { ASSOCIATED_TOKEN_PROGRAM, TOKEN_PROGRAM, addressBytes, findProgramAddress, isOnCurve, keypairFromSeed,
  verifySignature } from '../lib/keys.js';
import { buildTransfer, parseTransaction, peekTransaction } from '../lib/tx.js';
import { uiTokenAmount } from '../lib/token.js';

test('base58 round-trips and keeps leading zeros', () => {
  assert.equal(b58encode(Buffer.alloc(32)), '11111111111111111111111111111111');
  const token = b58decode(TOKEN_PROGRAM);
  assert.equal(token.length, 32);
  assert.equal(b58encode(token), TOKEN_PROGRAM);
  assert.equal(b58encode(Buffer.from([0, 0, 1])), '112');
  assert.equal(b58decode('0OIl'), null);
});

test('associated token address matches sava / the ATA program', () => {
  // Derived by sava-core's PublicKey.findProgramAddress for the same seeds (bump 255).
  const [address, bump] = findProgramAddress([
    addressBytes('AKnL4NNf3DGWZJS6cPknBuEGnVsV4A4m5tgebLHaRSZ9'), addressBytes(TOKEN_PROGRAM),
    addressBytes('3UFw1SU2bSuh3uPxJYtEoqziNZFYPF6Jk5g3jiFQ1DZS')], addressBytes(ASSOCIATED_TOKEN_PROGRAM));
  assert.equal(b58encode(address), '51dwYfGbWtu9WSirFDmKZb2QASHnBm4ny6aS9vXksLu8');
  assert.equal(bump, 255);
  assert.equal(isOnCurve(address), false);
});

test('keys sign, and signatures verify', () => {
  const kp = keypairFromSeed(Buffer.alloc(32, 1));
  assert.equal(isOnCurve(kp.publicKey), true);
  const message = Buffer.from('hello');
  assert.equal(verifySignature(kp.publicKey, message, kp.sign(message)), true);
  assert.equal(verifySignature(kp.publicKey, Buffer.from('hellO'), kp.sign(message)), false);
});

test('transactions parse back to what was built', () => {
  const payer = keypairFromSeed(Buffer.alloc(32, 2));
  const to = keypairFromSeed(Buffer.alloc(32, 3)).publicKey;
  const blockhash = Buffer.alloc(32, 9);
  const buf = buildTransfer(payer, to, 123n, blockhash);
  const tx = parseTransaction(buf);
  assert.equal(tx.version, 'legacy');
  assert.deepEqual(tx.header, [1, 0, 1]);
  assert.deepEqual(tx.keys.map(b58encode), [payer.address, b58encode(to), '11111111111111111111111111111111']);
  assert.deepEqual(Buffer.from(tx.recentBlockhash), blockhash);
  assert.equal(tx.instructions[0].data.readBigUInt64LE(4), 123n);
  const peek = peekTransaction(buf);
  assert.equal(peek.blockhashOffset, tx.blockhashOffset);
  assert.throws(() => parseTransaction(buf.subarray(0, 100)), /failed to deserialize/);
});

test('zstd raw frame carries the bytes verbatim', () => {
  const data = Buffer.from('account data');
  const frame = zstdRawFrame(data);
  assert.equal(frame.readUInt32LE(0), 0xfd2fb528);
  assert.equal(frame.readBigUInt64LE(5), BigInt(data.length));
  assert.equal((frame[13] | (frame[14] << 8) | (frame[15] << 16)) >>> 3, data.length);
  assert.deepEqual(frame.subarray(16), data);
});

test('error texts follow Agave', () => {
  assert.equal(transactionErrorText({ InstructionError: [2, { Custom: 6001 }] }), 'Error processing Instruction 2: custom program error: 0x1771');
  assert.equal(transactionErrorText('BlockhashNotFound'), 'Blockhash not found');
  assert.equal(transactionErrorText({ InsufficientFundsForRent: { account_index: 1 } }),
    'Transaction results in an account (1) with insufficient funds for rent');
});

test('u64 values above 2^53 stay exact in JSON', () => {
  assert.equal(stringify({ rentEpoch: u64(18446744073709551615n), lamports: u64(5n) }), '{"rentEpoch":18446744073709551615,"lamports":5}');
});

test('token amounts render as Agave renders them', () => {
  assert.deepEqual(uiTokenAmount(1500000n, 6), { amount: '1500000', decimals: 6, uiAmount: 1.5, uiAmountString: '1.5' });
  assert.deepEqual(uiTokenAmount(5n, 9), { amount: '5', decimals: 9, uiAmount: 5e-9, uiAmountString: '0.000000005' });
  assert.equal(hexdecode('0xdead').toString('hex'), 'dead');
});

test('malformed transactions are refused before they reach LiteSVM', () => {
  // LiteSVM's binding unwraps its deserializer: a truncated transaction must never get there.
  const payer = keypairFromSeed(Buffer.alloc(32, 4));
  const buf = buildTransfer(payer, Buffer.alloc(32, 5), 1n, Buffer.alloc(32, 6));
  for (let len = 0; len < buf.length; len++) {
    assert.throws(() => peekTransaction(buf.subarray(0, len)), (e) => e.code === -32602, `length ${len}`);
  }
  assert.equal(peekTransaction(buf).numSignatures, 1);
  // A short_vec length above u16 and a non-canonical (alias) encoding are refused too.
  assert.throws(() => peekTransaction(Buffer.from([0xff, 0xff, 0x04])), /overflow/);
  assert.throws(() => peekTransaction(Buffer.from([0x81, 0x00])), /alias/);
});

// Wire-format transactions (legacy and v0), per the Solana transaction format: compact-u16
// lengths, 64-byte signatures, then the message (optional 0x80|version prefix, 3-byte header,
// account keys, recent blockhash, compiled instructions, v0 address-table lookups).

import { invalidParams } from './errors.js';

const TX_TYPE = 'solana_transaction::versioned::VersionedTransaction';

class Reader {
  constructor(buf, off = 0) {
    this.buf = buf;
    this.off = off;
  }
  need(n) {
    if (this.off + n > this.buf.length) throw new Error('io error: unexpected end of file');
  }
  u8() {
    this.need(1);
    return this.buf[this.off++];
  }
  // short_vec length: 1 to 3 bytes, 7 bits each; non-canonical (alias) and >u16 values rejected.
  compactU16() {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      const b = this.u8();
      if (i === 2 && b > 0x03) throw new Error('compact-u16: overflow');
      value |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw new Error('compact-u16: alias encoding');
        return value;
      }
    }
    throw new Error('compact-u16: value too long');
  }
  skip(n) {
    this.need(n);
    this.off += n;
  }
  bytes(n) {
    this.need(n);
    const out = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }
}

function fail(reason) {
  return invalidParams(`failed to deserialize ${TX_TYPE}: ${reason}`);
}

/**
 * Walks the whole wire format without allocating, and returns what routing needs: message
 * version, where the message, its keys and its recent blockhash start, the signature count.
 * LiteSVM's binding unwraps its own deserialization (a malformed transaction would abort the
 * process), so nothing reaches it that this walk has not accepted. Throws an RpcError.
 */
export function peekTransaction(buf) {
  try {
    const r = new Reader(buf);
    const numSignatures = r.compactU16();
    r.skip(numSignatures * 64);
    const messageOffset = r.off;
    let version = 'legacy';
    if (r.u8() & 0x80) {
      version = buf[messageOffset] & 0x7f;
      if (version !== 0) throw new Error(`unsupported message version ${version}`);
      r.skip(3);
    } else {
      r.skip(2);
    }
    const numKeys = r.compactU16();
    const firstKeyOffset = r.off;
    r.skip(numKeys * 32);
    const blockhashOffset = r.off;
    r.skip(32);
    const numInstructions = r.compactU16();
    for (let i = 0; i < numInstructions; i++) {
      r.skip(1);
      r.skip(r.compactU16());
      r.skip(r.compactU16());
    }
    if (version === 0) {
      const numLookups = r.compactU16();
      for (let i = 0; i < numLookups; i++) {
        r.skip(32);
        r.skip(r.compactU16());
        r.skip(r.compactU16());
      }
    }
    return { numSignatures, messageOffset, version, blockhashOffset, numKeys, firstKeyOffset };
  } catch (e) {
    throw fail(e.message);
  }
}

/** Parses a whole transaction. Throws an RpcError on malformed input. */
export function parseTransaction(buf) {
  try {
    const r = new Reader(buf);
    const numSignatures = r.compactU16();
    const signatures = [];
    for (let i = 0; i < numSignatures; i++) signatures.push(r.bytes(64));
    const messageOffset = r.off;
    let version = 'legacy';
    if (buf[r.off] & 0x80) {
      version = r.u8() & 0x7f;
      if (version !== 0) throw new Error(`unsupported message version ${version}`);
    }
    const header = [r.u8(), r.u8(), r.u8()];
    const numKeys = r.compactU16();
    const keys = [];
    for (let i = 0; i < numKeys; i++) keys.push(r.bytes(32));
    const blockhashOffset = r.off;
    const recentBlockhash = r.bytes(32);
    const numInstructions = r.compactU16();
    const instructions = [];
    for (let i = 0; i < numInstructions; i++) {
      const programIdIndex = r.u8();
      const accounts = r.bytes(r.compactU16());
      const data = r.bytes(r.compactU16());
      instructions.push({ programIdIndex, accounts, data });
    }
    const lookups = [];
    if (version === 0) {
      const numLookups = r.compactU16();
      for (let i = 0; i < numLookups; i++) {
        const key = r.bytes(32);
        const writable = r.bytes(r.compactU16());
        const readonly = r.bytes(r.compactU16());
        lookups.push({ key, writable, readonly });
      }
    }
    return {
      signatures,
      messageOffset,
      message: buf.subarray(messageOffset, r.off),
      version,
      header,
      keys,
      blockhashOffset,
      recentBlockhash,
      instructions,
      lookups,
    };
  } catch (e) {
    throw fail(e.message);
  }
}

/** Index-based writability of a message account, per the header rules (static keys only). */
export function isWritableStatic(tx, index) {
  const [numRequired, numReadonlySigned, numReadonlyUnsigned] = tx.header;
  if (index < numRequired) return index < numRequired - numReadonlySigned;
  return index < tx.keys.length - numReadonlyUnsigned;
}

function compactU16Bytes(n) {
  const out = [];
  let rem = n;
  for (;;) {
    let b = rem & 0x7f;
    rem >>= 7;
    if (rem === 0) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Builds and signs a legacy System Program transfer (used by the faucet behind requestAirdrop). */
export function buildTransfer(payer, toBytes, lamports, blockhashBytes) {
  const data = Buffer.alloc(12);
  data.writeUInt32LE(2, 0); // SystemInstruction::Transfer
  data.writeBigUInt64LE(BigInt(lamports), 4);
  const message = Buffer.concat([
    Buffer.from([1, 0, 1]),
    Buffer.from(compactU16Bytes(3)),
    payer.publicKey,
    toBytes,
    Buffer.alloc(32), // System Program
    blockhashBytes,
    Buffer.from(compactU16Bytes(1)),
    Buffer.from([2]),
    Buffer.from(compactU16Bytes(2)),
    Buffer.from([0, 1]),
    Buffer.from(compactU16Bytes(data.length)),
    data,
  ]);
  const signature = payer.sign(message);
  return Buffer.concat([Buffer.from([1]), signature, message]);
}

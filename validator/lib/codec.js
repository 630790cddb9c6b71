// Byte encodings used on the wire: base58 (Bitcoin alphabet, as Solana uses it), base64, hex,
// and a zstd frame made of raw blocks so that the "base64+zstd" encoding can be served without a
// compression library.

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DECODE_MAP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE_MAP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base58. */
export function b58encode(bytes) {
  const len = bytes.length;
  let zeros = 0;
  while (zeros < len && bytes[zeros] === 0) zeros++;
  // log(256) / log(58) ~ 1.366: upper bound of the digit count.
  const size = (((len - zeros) * 138) / 100 + 1) | 0;
  const digits = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < len; i++) {
    let carry = bytes[i];
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 256 * digits[k];
      digits[k] = carry % 58;
      carry = (carry / 58) | 0;
    }
    length = j;
  }
  let it = size - length;
  while (it < size && digits[it] === 0) it++;
  let out = '1'.repeat(zeros);
  for (; it < size; it++) out += ALPHABET[digits[it]];
  return out;
}

/** Decodes base58; returns null when the text is not valid base58. */
export function b58decode(text) {
  if (typeof text !== 'string') return null;
  const len = text.length;
  let zeros = 0;
  while (zeros < len && text.charCodeAt(zeros) === 49 /* '1' */) zeros++;
  // log(58) / log(256) ~ 0.733: upper bound of the byte count.
  const size = (((len - zeros) * 733) / 1000 + 1) | 0;
  const bytes = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < len; i++) {
    const c = text.charCodeAt(i);
    let carry = c < 128 ? DECODE_MAP[c] : -1;
    if (carry < 0) return null;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 58 * bytes[k];
      bytes[k] = carry & 0xff;
      carry >>= 8;
    }
    length = j;
  }
  let it = size - length;
  while (it < size && bytes[it] === 0) it++;
  const out = Buffer.alloc(zeros + (size - it));
  out.set(bytes.subarray(it), zeros);
  return out;
}

/** Decodes a base58 string that must hold exactly `expected` bytes; null otherwise. */
export function b58decodeFixed(text, expected) {
  if (typeof text !== 'string' || text.length === 0 || text.length > 100) return null;
  const out = b58decode(text);
  return out !== null && out.length === expected ? out : null;
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 strictly (Buffer.from is lenient); null on malformed input. */
export function b64decodeStrict(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64_RE.test(text)) return null;
  return Buffer.from(text, 'base64');
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** Decodes hex (an optional 0x prefix is accepted); null on malformed input. */
export function hexdecode(text) {
  if (typeof text !== 'string') return null;
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (!HEX_RE.test(body)) return null;
  return Buffer.from(body, 'hex');
}

// zstd frame format (RFC 8878): magic, a frame header with a single-segment flag and the content
// size, then blocks. Raw blocks (type 0) carry bytes verbatim, so any zstd decoder reads them.
const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;

/** Wraps bytes in a valid zstd frame of raw (uncompressed) blocks. */
export function zstdRawFrame(data) {
  const n = data.length;
  const blocks = Math.max(1, Math.ceil(n / ZSTD_MAX_BLOCK));
  const out = Buffer.alloc(4 + 1 + 8 + blocks * 3 + n);
  out.writeUInt32LE(ZSTD_MAGIC, 0);
  // Frame header descriptor: content-size flag = 3 (8-byte size), single segment = 1.
  out[4] = (3 << 6) | (1 << 5);
  out.writeBigUInt64LE(BigInt(n), 5);
  let off = 13;
  for (let b = 0, pos = 0; b < blocks; b++) {
    const size = Math.min(ZSTD_MAX_BLOCK, n - pos);
    const last = b === blocks - 1 ? 1 : 0;
    const header = last | (0 << 1) | (size << 3);
    out[off] = header & 0xff;
    out[off + 1] = (header >>> 8) & 0xff;
    out[off + 2] = (header >>> 16) & 0xff;
    off += 3;
    out.set(data.subarray(pos, pos + size), off);
    off += size;
    pos += size;
  }
  return out;
}

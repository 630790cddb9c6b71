// Addresses, program-derived addresses and ed25519 keys.

import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { b58decodeFixed, b58encode } from './codec.js';

export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const BPF_LOADER_UPGRADEABLE = 'BPFLoaderUpgradeab1e11111111111111111111111';
export const BPF_LOADER = 'BPFLoader2111111111111111111111111111111111';
export const LOADER_V4 = 'LoaderV411111111111111111111111111111111111';
export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
export const ASSOCIATED_TOKEN_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
export const COMPUTE_BUDGET_PROGRAM = 'ComputeBudget111111111111111111111111111111';
export const MEMO_PROGRAMS = new Set([
  'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr',
  'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo',
]);

/** Parses a base58 address into its 32 bytes; null when malformed. */
export function addressBytes(text) {
  return b58decodeFixed(text, 32);
}

// Curve25519 point check, as solana-address's bytes_are_curve_point does it with
// curve25519-dalek: the 32 bytes decompress to an Edwards point iff (y^2 - 1) / (d y^2 + 1) has a
// square root mod p. The y coordinate is reduced mod p, as dalek's from_bytes does.
const P = (1n << 255n) - 19n;
const D = (-121665n * modInverse(121666n)) % P;

function mod(a) {
  const r = a % P;
  return r >= 0n ? r : r + P;
}
function modPow(base, exp, m) {
  let result = 1n;
  base %= m;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % m;
    base = (base * base) % m;
    exp >>= 1n;
  }
  return result;
}
function modInverse(a) {
  return modPow(mod(a), P - 2n, P);
}

export function isOnCurve(bytes) {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i] & 0x7f : bytes[i]);
  y = mod(y);
  const y2 = mod(y * y);
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  const v3 = mod(v * v * v);
  const v7 = mod(v3 * v3 * v);
  // Candidate root x = u v^3 (u v^7)^((p-5)/8); u/v is a square iff v x^2 = u or v x^2 = -u
  // (in the second case x * sqrt(-1) is the root).
  const x = mod(u * v3 * modPow(mod(u * v7), (P - 5n) / 8n, P));
  const vx2 = mod(v * x * x);
  return vx2 === u || vx2 === mod(-u);
}

/** find_program_address: the highest bump whose hash is off the curve. Returns [bytes, bump]. */
export function findProgramAddress(seeds, programId) {
  for (let bump = 255; bump >= 0; bump--) {
    const h = createHash('sha256');
    for (const s of seeds) h.update(s);
    h.update(Buffer.from([bump]));
    h.update(programId);
    h.update('ProgramDerivedAddress');
    const candidate = h.digest();
    if (!isOnCurve(candidate)) return [candidate, bump];
  }
  throw new Error('no viable program address bump');
}

/** The ProgramData address of an upgradeable-loader program. */
export function programDataAddress(programIdBytes) {
  return findProgramAddress([programIdBytes], addressBytes(BPF_LOADER_UPGRADEABLE))[0];
}

// DER prefixes that wrap raw ed25519 keys for node:crypto (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A signing key derived from a 32-byte seed: {publicKey (Buffer), address, sign(msg)}. */
export function keypairFromSeed(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  return {
    publicKey,
    address: b58encode(publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}

const publicKeyCache = new Map();

/** Verifies an ed25519 signature made by the 32-byte public key over message. */
export function verifySignature(publicKey, message, signature) {
  const cacheKey = publicKey.toString('latin1');
  let key = publicKeyCache.get(cacheKey);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    if (publicKeyCache.size > 4096) publicKeyCache.clear();
    publicKeyCache.set(cacheKey, key);
  }
  if (key === null) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

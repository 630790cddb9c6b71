// Account files in the shape `solana account --output json` (and solana-test-validator's
// --account / --account-dir) use:
// {"pubkey": "...", "account": {"lamports": n, "data": ["<base64>", "base64"], "owner": "...",
//  "executable": false, "rentEpoch": n, "space": n}}

import { readFileSync } from 'node:fs';
import { b58decode, b64decodeStrict } from './codec.js';
import { U64_MAX } from './chain.js';
import { addressBytes } from './keys.js';

/**
 * Reads one account file. `address` overrides the file's pubkey ("-" or undefined keeps it).
 * Returns {key, account} with bigint lamports / rentEpoch read exactly from the JSON text.
 */
export function readAccountFile(path, address) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read account file ${path}: ${e.message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`account file ${path} is not valid JSON: ${e.message}`);
  }
  const account = json?.account;
  if (!account || typeof account !== 'object') throw new Error(`account file ${path} has no "account" object`);
  const keyText = address && address !== '-' ? address : json.pubkey;
  const key = typeof keyText === 'string' ? addressBytes(keyText) : null;
  if (key === null) throw new Error(`account file ${path}: no valid address (give one on the command line or a "pubkey" field)`);

  // JSON numbers above 2^53 (rentEpoch is often u64::MAX) lose precision in JSON.parse; take
  // the digits from the text instead.
  const exact = (field) => {
    const m = text.match(new RegExp(`"${field}"\\s*:\\s*(\\d+)`));
    return m ? BigInt(m[1]) : null;
  };
  const lamports = exact('lamports');
  if (lamports === null) throw new Error(`account file ${path}: "lamports" is missing`);
  const rentEpochRaw = exact('rentEpoch');
  const rentEpoch = rentEpochRaw === null ? U64_MAX : rentEpochRaw > U64_MAX ? U64_MAX : rentEpochRaw;

  let data;
  if (Array.isArray(account.data)) {
    const [body, encoding] = account.data;
    if (encoding === 'base64') data = b64decodeStrict(body);
    else if (encoding === 'base58') data = b58decode(body);
    else throw new Error(`account file ${path}: data encoding "${encoding}" is not supported; export it with base64 (solana account --output json)`);
  } else if (typeof account.data === 'string') {
    data = b58decode(account.data);
  } else {
    data = Buffer.alloc(0);
  }
  if (data === null) throw new Error(`account file ${path}: "data" is not valid for its encoding`);

  const owner = typeof account.owner === 'string' ? addressBytes(account.owner) : null;
  if (owner === null) throw new Error(`account file ${path}: "owner" is not a valid address`);
  return { key, account: { lamports, data, owner, executable: account.executable === true, rentEpoch } };
}

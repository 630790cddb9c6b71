// JSON output that keeps u64 values exact. Solana's RPC writes u64 fields (rentEpoch is
// u64::MAX for every rent-exempt account) as bare JSON numbers; JavaScript numbers cannot hold
// them, so values above 2^53 are written through a marker string that is unquoted afterwards.

const MARK = '\u0001\u0002u64:';
const MARK_RE = /"\\u0001\\u0002u64:(\d+)"/g;

/** Returns a value that serializes as the exact decimal u64. */
export function u64(value) {
  if (typeof value === 'number') return value;
  if (value <= 9007199254740991n) return Number(value);
  return MARK + value.toString();
}

/** JSON.stringify that turns u64 markers back into bare numbers. */
export function stringify(value) {
  const text = JSON.stringify(value);
  return text.includes('\\u0001\\u0002u64:') ? text.replace(MARK_RE, '$1') : text;
}

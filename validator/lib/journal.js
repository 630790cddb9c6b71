// Save points of the ledger (surfnet_snapshot / surfnet_revert / surfnet_releaseSnapshot).
//
// A fuzzer reverts before every sequence, thousands of times a minute, so a revert must cost what
// the sequence changed, not what the world holds. While at least one save point exists, every
// write to an account (a landed transaction's writable accounts, every cheatcode) first records
// the account's pre-image in an undo log, once per account between two save points. Reverting
// puts back the first pre-image of every account written since the save point and the ledger's
// own fields (clock, blocks, counters) saved with it. Serializing the whole LiteSVM instead
// (LiteSvm.toBytes / fromBytes) costs milliseconds per revert; README.md has the figures.

const ACCOUNT = 0;
const TRANSACTION = 1;

function keyText(keyBytes) {
  return Buffer.isBuffer(keyBytes) ? keyBytes.latin1Slice(0, keyBytes.length) : Buffer.from(keyBytes).toString('latin1');
}

export class Journal {
  constructor() {
    this.log = [];
    this.saved = new Map(); // id (string) -> {position, state}
    this.nextId = 1;
    // Accounts already recorded since the latest save point: their first pre-image is in the log.
    this.recorded = new Set();
  }

  get active() {
    return this.saved.size > 0;
  }

  /** Records the account's current state before it is written (a no-op without save points). */
  beforeWrite(keyBytes, svm) {
    if (this.saved.size === 0) return;
    const key = keyText(keyBytes);
    if (this.recorded.has(key)) return;
    this.recorded.add(key);
    this.log.push({ kind: ACCOUNT, key: Buffer.from(keyBytes), account: svm.getAccount(keyBytes) });
  }

  /** Records a transaction appended to the history, so a revert takes it out again. */
  afterRecord(rec) {
    if (this.saved.size === 0) return;
    this.log.push({ kind: TRANSACTION, rec });
  }

  /** Opens a save point holding `state` (the ledger's own fields); returns its id. */
  take(state) {
    const id = String(this.nextId++);
    this.saved.set(id, { position: this.log.length, state });
    this.recorded = new Set();
    return id;
  }

  has(id) {
    return this.saved.has(id);
  }

  /**
   * Rolls the log back to save point `id`: `restoreAccount(key, account|null)` receives the
   * pre-image of every account written since (non-executable accounts first, so a program's
   * ProgramData is back before its executable Program account is written and recompiled),
   * `removeTransaction(rec)` every transaction recorded since, newest first. Save points taken
   * after `id` are dropped; `id` stays usable. Returns the state saved with it.
   */
  revert(id, restoreAccount, removeTransaction) {
    const point = this.saved.get(id);
    const first = new Map();
    for (let i = point.position; i < this.log.length; i++) {
      const e = this.log[i];
      if (e.kind === ACCOUNT && !first.has(keyText(e.key))) first.set(keyText(e.key), e);
    }
    for (let i = this.log.length - 1; i >= point.position; i--) {
      if (this.log[i].kind === TRANSACTION) removeTransaction(this.log[i].rec);
    }
    const executable = [];
    for (const e of first.values()) {
      if (e.account !== null && e.account.executable()) executable.push(e);
      else restoreAccount(e.key, e.account);
    }
    for (const e of executable) restoreAccount(e.key, e.account);
    this.log.length = point.position;
    for (const other of [...this.saved.keys()]) {
      if (Number(other) > Number(id)) this.saved.delete(other);
    }
    this.recorded = new Set();
    return point.state;
  }

  /** Forgets save point `id`; without save points the log is dropped and nothing is recorded. */
  release(id) {
    const existed = this.saved.delete(id);
    if (this.saved.size === 0) {
      this.log = [];
      this.recorded = new Set();
    }
    return existed;
  }
}

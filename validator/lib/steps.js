// preflight_executeSteps: this validator's own method (not a surfpool cheatcode) for stateful
// fuzzing. It runs a list of steps for real, in order, state carrying from one to the next, in
// one HTTP call, and answers one result per step. Every step is validated before the first one
// runs, so a malformed request changes nothing; a failed transaction does not stop the batch.
//
// Steps:
//   {"revert": id}                                   only as the first step: surfnet_revert
//   {"transaction": base64, "watch": [address...]}   executed without signature verification,
//                                                    blockhash or already-processed checks
//   {"clock": {"unixTimestamp"?: n, "absoluteSlot"?: n}}   sets the Clock, forward or backward
//   {"setAccount": [address, AccountUpdate]}          as surfnet_setAccount
//   {"trace": base64}                                simulated, traced, in the shadow instance
//                                                    (--trace-on-demand) on the current state;
//                                                    the chain does not change

import { b64decodeStrict } from './codec.js';
import { applyAccountUpdate, parseAccountUpdate, snapshotId } from './cheatcodes.js';
import { invalidParams } from './errors.js';
import { pubkey } from './rpc.js';
import { peekTransaction } from './tx.js';

const MAX_STEPS = 10000;
const MAX_TX_BYTES = 1232; // PACKET_DATA_SIZE

function stepError(index, message) {
  return invalidParams(`Invalid params: step ${index}: ${message}`);
}

function safeInteger(value, index, name) {
  if (!Number.isSafeInteger(value) || value < 0) throw stepError(index, `${name} must be a non-negative integer`);
  return value;
}

/** Validates one step into the form run() executes. */
function parseStep(step, index) {
  if (!step || typeof step !== 'object' || Array.isArray(step)) throw stepError(index, 'expected an object');
  const kinds = ['revert', 'transaction', 'clock', 'setAccount', 'trace'].filter((k) => step[k] !== undefined);
  if (kinds.length !== 1) throw stepError(index, 'expected exactly one of revert, transaction, clock, setAccount, trace');
  switch (kinds[0]) {
    case 'revert':
      if (index !== 0) throw stepError(index, 'revert is allowed only as the first step');
      return { kind: 'revert', id: snapshotId(step.revert) };
    case 'trace':
    case 'transaction': {
      const bytes = typeof step[kinds[0]] === 'string' ? b64decodeStrict(step[kinds[0]]) : null;
      if (bytes === null) throw stepError(index, 'transaction must be base64');
      if (bytes.length > MAX_TX_BYTES) throw stepError(index, `transaction is ${bytes.length} bytes (max ${MAX_TX_BYTES})`);
      try {
        // LiteSVM aborts the process on bytes it cannot deserialize: nothing unchecked reaches it.
        peekTransaction(bytes);
      } catch (e) {
        throw stepError(index, e.message);
      }
      if (kinds[0] === 'trace') return { kind: 'trace', bytes };
      const watch = step.watch ?? [];
      if (!Array.isArray(watch)) throw stepError(index, 'watch must be an array of addresses');
      return { kind: 'transaction', bytes, watch: watch.map(pubkey) };
    }
    case 'clock': {
      const c = step.clock;
      if (!c || typeof c !== 'object' || (c.unixTimestamp === undefined && c.absoluteSlot === undefined)) {
        throw stepError(index, 'clock needs unixTimestamp and/or absoluteSlot');
      }
      return {
        kind: 'clock',
        unixTimestamp: c.unixTimestamp === undefined ? undefined : safeInteger(c.unixTimestamp, index, 'unixTimestamp'),
        slot: c.absoluteSlot === undefined ? undefined : safeInteger(c.absoluteSlot, index, 'absoluteSlot'),
      };
    }
    default: {
      const a = step.setAccount;
      if (!Array.isArray(a) || a.length !== 2) throw stepError(index, 'setAccount must be [address, AccountUpdate]');
      return { kind: 'setAccount', key: pubkey(a[0]), patch: parseAccountUpdate(a[1]) };
    }
  }
}

export function createStepMethods(chain, encodeAccount, shadow = null) {
  const encode = (acc) => encodeAccount(acc, 'base64');

  const run = (step) => {
    switch (step.kind) {
      case 'revert':
        chain.revert(step.id);
        return { clock: chain.clockJson() };
      case 'transaction':
        try {
          return chain.executeStep(step.bytes, step.watch, encode);
        } catch (e) {
          // LiteSVM answered with an exception instead of a failed result: the step did not run.
          return { error: { code: e.code ?? -32603, message: e.message }, clock: chain.clockJson() };
        }
      case 'trace':
        try {
          return { ...shadow.trace(step.bytes), clock: chain.clockJson() };
        } catch (e) {
          return { error: { code: e.code ?? -32603, message: e.message }, clock: chain.clockJson() };
        }
      case 'clock':
        chain.setClock(step);
        return { clock: chain.clockJson() };
      default:
        try {
          applyAccountUpdate(chain, step.key, step.patch);
        } catch (e) {
          // LiteSVM refused the account (an executable whose data is no loadable program).
          return { error: { code: e.code ?? -32603, message: e.message }, clock: chain.clockJson() };
        }
        return { clock: chain.clockJson() };
    }
  };

  return {
    /** preflight_executeSteps([step...]) -> {context, value: [result...]} */
    preflight_executeSteps(p) {
      if (!Array.isArray(p) || p.length < 1 || p.length > 2) throw invalidParams('Invalid params: expected [steps, config?]');
      const [steps] = p;
      if (!Array.isArray(steps)) throw invalidParams('Invalid params: steps must be an array');
      if (steps.length > MAX_STEPS) throw invalidParams(`Invalid params: at most ${MAX_STEPS} steps per call`);
      const parsed = steps.map(parseStep);
      if (shadow === null && parsed.some((s) => s.kind === 'trace')) {
        throw invalidParams('Invalid params: tracing on demand is off; start the validator with --trace-on-demand DIR');
      }
      if (parsed.length > 0 && parsed[0].kind === 'revert' && !chain.journal.has(parsed[0].id)) {
        throw stepError(0, `no snapshot with id ${JSON.stringify(parsed[0].id)}`);
      }
      const results = parsed.map(run);
      return { context: chain.context(), value: results };
    },
  };
}

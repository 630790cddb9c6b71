// Command line of preflight-validator: parses options modelled on solana-test-validator, loads
// programs and accounts into a fresh ledger, serves JSON-RPC on 127.0.0.1 and prints
// "listening http://127.0.0.1:<port>" as its first line of standard output.

import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readAccountFile } from './accounts-file.js';
import { Chain } from './chain.js';
import { createCheatcodes } from './cheatcodes.js';
import { b58encode } from './codec.js';
import { addressBytes } from './keys.js';
import { createMethods, encodeAccount } from './rpc.js';
import { createStepMethods } from './steps.js';
import { TraceShadow, createTraceMethods } from './shadow.js';
import { b64decodeStrict } from './codec.js';
import { createServer } from './server.js';

const USAGE = `Usage: preflight-validator [options]

Serves Solana JSON-RPC on http://127.0.0.1:<port>, executing transactions with LiteSVM.

Options:
  --port N                                   TCP port on 127.0.0.1; 0 picks a free one (default 8899)
  --upgradeable-program ID SO_PATH AUTHORITY deploy SO_PATH with the BPF upgradeable loader;
                                             AUTHORITY is an address or "none" (repeatable)
  --loader-v4-program ID SO_PATH AUTHORITY   deploy SO_PATH with loader-v4; AUTHORITY is an address,
                                             or "none" for a finalized program (repeatable)
  --bpf-program ID SO_PATH                   deploy SO_PATH with BPFLoader2, not upgradeable (repeatable)
  --account ADDRESS FILE.json                load an account from a 'solana account --output json'
                                             file; ADDRESS "-" takes the file's pubkey (repeatable)
  --account-dir DIR                          load every *.json account file in DIR (repeatable)
  --slot-time-ms N                           a new slot every N ms; 0 = slots advance only with
                                             transactions and time travel (default 400)
  --clock UNIX_SECONDS                       start the chain at this Unix time; time then moves only
                                             with produced slots and cheatcodes (with --slot-time-ms 0
                                             it stays fixed until a cheatcode moves it)
  --trace-dir DIR                            write LiteSVM's per-invocation register traces to DIR
                                             (SBF_TRACE_DIR: <hash>.regs, .insns, .program_id)
  --trace-on-demand DIR                      trace only what preflight_trace and trace steps ask
                                             for, in a second LiteSVM instance; traces go to DIR
  --history-limit N                          transactions kept for getTransaction (default 50000)
  --exit-on-stdin-close                      exit when standard input closes (used by launchers)
  --log-requests                             log each RPC call to standard error
  -h, --help                                 show this help
`;

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { port: 8899, slotTimeMs: 400, historyLimit: 50000, upgradeable: [], loaderV4: [], bpf: [], accounts: [], accountDirs: [], exitOnStdinClose: false, logRequests: false };
  const take = (i, n, flag) => {
    const values = argv.slice(i + 1, i + 1 + n);
    if (values.length < n) throw new UsageError(`${flag} needs ${n} value${n > 1 ? 's' : ''}`);
    return values;
  };
  const int = (text, flag) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a non-negative integer, got "${text}"`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': {
        const [v] = take(i, 1, arg);
        opts.port = int(v, arg);
        if (opts.port > 65535) throw new UsageError('--port must be at most 65535');
        i += 1;
        break;
      }
      case '--slot-time-ms':
        opts.slotTimeMs = int(take(i, 1, arg)[0], arg);
        i += 1;
        break;
      case '--clock':
        opts.clock = int(take(i, 1, arg)[0], arg);
        if (!Number.isSafeInteger(opts.clock)) throw new UsageError('--clock is out of range');
        i += 1;
        break;
      case '--trace-dir':
        opts.traceDir = take(i, 1, arg)[0];
        i += 1;
        break;
      case '--trace-on-demand':
        opts.traceOnDemand = take(i, 1, arg)[0];
        i += 1;
        break;
      case '--history-limit':
        opts.historyLimit = Math.max(1, int(take(i, 1, arg)[0], arg));
        i += 1;
        break;
      case '--upgradeable-program': {
        const [id, so, authority] = take(i, 3, arg);
        opts.upgradeable.push({ id, so, authority });
        i += 3;
        break;
      }
      case '--loader-v4-program': {
        const [id, so, authority] = take(i, 3, arg);
        opts.loaderV4.push({ id, so, authority });
        i += 3;
        break;
      }
      case '--bpf-program': {
        const [id, so] = take(i, 2, arg);
        opts.bpf.push({ id, so });
        i += 2;
        break;
      }
      case '--account': {
        const [address, file] = take(i, 2, arg);
        opts.accounts.push({ address, file });
        i += 2;
        break;
      }
      case '--account-dir':
        opts.accountDirs.push(take(i, 1, arg)[0]);
        i += 1;
        break;
      case '--exit-on-stdin-close':
        opts.exitOnStdinClose = true;
        break;
      case '--log-requests':
        opts.logRequests = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return opts;
}

function address(text, what) {
  const bytes = addressBytes(text);
  if (bytes === null) throw new UsageError(`${what} "${text}" is not a base58 address`);
  return bytes;
}

function readProgram(path) {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read program ${path}: ${e.message}`);
  }
}

/** Loads programs and accounts; ProgramData-like accounts go before the executables using them. */
function preload(chain, opts) {
  const files = opts.accounts.map(({ address: a, file }) => readAccountFile(file, a));
  for (const dir of opts.accountDirs) {
    let names;
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch (e) {
      throw new Error(`cannot read account directory ${dir}: ${e.message}`);
    }
    for (const name of names) files.push(readAccountFile(join(dir, name), undefined));
  }
  files.sort((a, b) => Number(a.account.executable) - Number(b.account.executable));
  for (const { key, account } of files) {
    try {
      chain.setAccount(key, account);
    } catch (e) {
      throw new Error(`cannot load account ${b58encode(key)}: ${e.message}`);
    }
  }
  for (const { id, so, authority } of opts.upgradeable) {
    const programId = address(id, 'program id');
    const auth = authority === 'none' ? null : address(authority, 'upgrade authority');
    try {
      chain.deployUpgradeable(programId, readProgram(so), auth);
    } catch (e) {
      throw new Error(`cannot deploy ${so} as ${id}: ${e.message}`);
    }
  }
  for (const { id, so, authority } of opts.loaderV4) {
    const programId = address(id, 'program id');
    const auth = authority === 'none' ? null : address(authority, 'program authority');
    try {
      chain.deployLoaderV4(programId, readProgram(so), auth);
    } catch (e) {
      throw new Error(`cannot deploy ${so} as ${id}: ${e.message}`);
    }
  }
  for (const { id, so } of opts.bpf) {
    try {
      chain.deployFinal(address(id, 'program id'), readProgram(so));
    } catch (e) {
      throw new Error(`cannot deploy ${so} as ${id}: ${e.message}`);
    }
  }
}

export async function main(argv) {
  const log = (line) => process.stderr.write(`${line}\n`);
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    log(`preflight-validator: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }

  let chain;
  let server;
  try {
    if (opts.traceDir !== undefined) {
      try {
        mkdirSync(opts.traceDir, { recursive: true });
      } catch (e) {
        throw new Error(`cannot create trace directory ${opts.traceDir}: ${e.message}`);
      }
      // LiteSVM reads SBF_TRACE_DIR when an instance is created: set before the Chain makes one.
      process.env.SBF_TRACE_DIR = opts.traceDir;
    }
    chain = new Chain({ slotTimeMs: opts.slotTimeMs, historyLimit: opts.historyLimit, clockUnixTimestamp: opts.clock });
    preload(chain, opts);
    let shadow = null;
    if (opts.traceOnDemand !== undefined) {
      try {
        mkdirSync(opts.traceOnDemand, { recursive: true });
      } catch (e) {
        throw new Error(`cannot create trace directory ${opts.traceOnDemand}: ${e.message}`);
      }
      shadow = new TraceShadow(chain, opts.traceOnDemand, (svm) => {
        svm.setSigverify(false);
        svm.setBlockhashCheck(false);
        svm.setTransactionHistory(0n);
        svm.setEpochSchedule(chain.svm.getEpochSchedule());
      });
    }
    const methods = { ...createMethods(chain), ...createCheatcodes(chain),
      ...createStepMethods(chain, encodeAccount, shadow), ...createTraceMethods(chain, shadow, b64decodeStrict) };
    server = createServer(methods, { logRequests: opts.logRequests, log });
    const port = await server.listen(opts.port);
    chain.startSlotTimer();
    process.stdout.write(`listening http://127.0.0.1:${port}\n`);
  } catch (e) {
    log(`preflight-validator: ${e.message}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  }

  let stopping = false;
  const shutdown = (why) => {
    if (stopping) return;
    stopping = true;
    if (opts.logRequests) log(`preflight-validator: stopping (${why})`);
    chain.stop();
    server.server.close();
    server.server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (opts.exitOnStdinClose) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('close', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin error'));
    process.stdin.resume();
  }
}

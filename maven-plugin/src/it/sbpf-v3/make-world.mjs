// Writes world/: the example escrow world (examples/escrow-readiness/chain/accounts) with sale 1
// kept open until 2100 and the buyer's and seller's wallets funded, so that a fuzz scenario's
// calls succeed whatever the date; and scenario.json, the one valid call per instruction that
// the fuzz policy names. Run once with Node from this directory (it imports @solana/kit from
// fixtures/escrow/tests/node_modules) and commit the output:
//   node make-world.mjs
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../../../fixtures/escrow/tests/package.json', import.meta.url));
const { address, getAddressEncoder, getAddressDecoder, getProgramDerivedAddress } = require('@solana/kit');

const here = new URL('.', import.meta.url);
const source = new URL('../../../../examples/escrow-readiness/chain/accounts/', import.meta.url);
const world = Object.fromEntries(readFileSync(new URL('../../../../examples/escrow-readiness/chain/world.properties', import.meta.url), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('=')));
const PROGRAM = address(world.program);
const enc = getAddressEncoder();
const dec = getAddressDecoder();
const pda = async (...seeds) => (await getProgramDerivedAddress({ programAddress: PROGRAM, seeds }))[0];
const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const data = (file) => Buffer.from(JSON.parse(readFileSync(new URL(file, source))).account.data[0], 'base64');

for (const f of readdirSync(source)) {
  let json = readFileSync(new URL(f, source), 'utf8');
  if (f === 'sale-1.json') {
    // Sale layout (fixtures/escrow/README.md): end_time i64 at 208.
    const d = JSON.parse(json);
    const bytes = Buffer.from(d.account.data[0], 'base64');
    bytes.writeBigInt64LE(4_102_444_800n, 208); // 2100-01-01T00:00:00Z
    d.account.data[0] = bytes.toString('base64');
    json = JSON.stringify(d, null, 2) + '\n';
  }
  writeFileSync(new URL(`world/${f}`, here), json);
}
// spl-token Account layout: owner at 32.
const buyer = dec.decode(data('buyer-payment.json').subarray(32, 64));
const seller = dec.decode(data('seller-tokens.json').subarray(32, 64));
for (const [name, key] of [['buyer-wallet', buyer], ['seller-wallet', seller]]) {
  writeFileSync(new URL(`world/${name}.json`, here), JSON.stringify({
    pubkey: key,
    account: { lamports: 100_000_000_000, data: ['', 'base64'], owner: '11111111111111111111111111111111', executable: false, rentEpoch: 0, space: 0 },
  }, null, 2) + '\n');
}

const sale1 = address(world['sale-1']);
const sale2 = await pda(Buffer.from('sale'), enc.encode(seller), u64(2));
const TOKEN = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const SYSTEM = '11111111111111111111111111111111';
const PRICE = data('sale-1.json').readBigUInt64LE(192);
const calls = [
  { instruction: 'buy_tokens',
    accounts: { buyer, config: world.config, sale: sale1,
      purchase: await pda(Buffer.from('purchase'), enc.encode(sale1), enc.encode(buyer)),
      vault: world['sale-1-vault'], proceeds_vault: world['sale-1-proceeds'],
      buyer_payment_account: world['buyer-payment'], buyer_token_account: world['buyer-tokens'],
      treasury_token_account: world['treasury-payment'], token_program: TOKEN, system_program: SYSTEM },
    args: { amount: 10, max_price: Number(PRICE) } },
  { instruction: 'initialize_sale',
    accounts: { seller, config: world.config, sale: sale2, token_mint: world['token-mint'],
      payment_mint: world['payment-mint'], vault: await pda(Buffer.from('vault'), enc.encode(sale2)),
      proceeds_vault: await pda(Buffer.from('proceeds'), enc.encode(sale2)),
      seller_token_account: world['seller-tokens'], token_program: TOKEN, system_program: SYSTEM },
    // Starts in 2096, so the call stays valid; 3 days is within the config's 1 h .. 7 d.
    args: { sale_id: 2, total_amount: 1000, price: Number(PRICE), start_time: 4_000_000_000,
      end_time: 4_000_259_200, max_per_wallet: 100 } },
  { instruction: 'cancel_sale', accounts: { seller, sale: sale1 }, args: {} },
  { instruction: 'withdraw_proceeds',
    accounts: { seller, sale: sale1, proceeds_vault: world['sale-1-proceeds'],
      seller_payment_account: world['seller-payment'], token_program: TOKEN }, args: {} },
  { instruction: 'set_emergency_stop', accounts: { config: world.config },
    remaining: [0, 1].map((i) => ({ name: `admin${i}`, address: world[`admin-${i}`], signer: true, writable: false })),
    args: {} },
  { instruction: 'propose_update', accounts: { proposer: world['admin-0'], config: world.config },
    args: { update: { SetPlatformFee: { fee_bps: 300 } } } },
  { instruction: 'execute_update', accounts: { executor: world['admin-0'], config: world.config },
    args: { proposal_id: 1 } },
];
writeFileSync(new URL('scenario.json', here), JSON.stringify({ calls }, null, 2) + '\n');
console.log(`world/ and scenario.json written (buyer ${buyer}, seller ${seller}, sale 2 ${sale2})`);

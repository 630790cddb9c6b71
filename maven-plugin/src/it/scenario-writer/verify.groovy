// preflight:scenario wrote a call per instruction from the IDL and the example world, refused to
// overwrite it without preflight.scenario.force, and the file loads once its TODO accounts are
// filled with the world's keys (chain/world.properties), as a person would fill them.
import dev.preflight.core.fuzz.ScenarioSource
import dev.preflight.core.fuzz.Templates
import dev.preflight.core.idl.Idl
import software.sava.core.accounts.PublicKey

def root = new File(basedir, '../../../..').canonicalFile
def world = new Properties()
new File(root, 'examples/escrow-readiness/chain/world.properties').withInputStream { world.load(it) }
def file = new File(basedir, 'fuzz/calls.yaml')
assert file.isFile()
def yaml = file.text

def log = new File(basedir, 'build.log').text
assert log.count('wrote fuzz/calls.yaml: 11 calls,') == 2 : log
assert log.contains('fuzz/calls.yaml exists and is not overwritten; give another file with '
    + '-Dpreflight.scenario.file=<path>, or overwrite it with -Dpreflight.scenario.force=true')
assert !log.contains('at dev.preflight') : 'a refusal prints no stack trace'

// the world's accounts are used: sale-1 is the only Sale, its seller signs the seller's calls
assert yaml.contains("sale: ${world['sale-1']}   # Sale, 1 of 1 in the world")
assert yaml.contains("seller: ${world['seller']}   # from Sale")
// PDAs are derived, not typed: the config, vaults and purchases are not in the file
[world['config'], world['sale-1-vault'], world['sale-1-proceeds']].each { assert !yaml.contains(it) }
assert yaml.contains('TODO')

// TODO accounts filled in by their role in the world
def byName = [buyer: 'buyer', buyer_payment_account: 'buyer-payment', buyer_token_account: 'buyer-tokens',
              treasury_token_account: 'treasury-payment', seller_token_account: 'seller-tokens',
              seller_payment_account: 'seller-payment', token_mint: 'token-mint',
              payment_mint: 'payment-mint']
def filled = yaml.readLines().collect { line ->
  def m = line =~ /^(\s+)(\w+): TODO\b.*$/
  m.matches() ? "${m.group(1)}${m.group(2)}: ${world[byName.get(m.group(2), 'admin-0')]}" : line
}.join('\n')
def done = new File(basedir, 'fuzz/filled.yaml')
done.text = filled + '\n'
def idl = Idl.load(new File(root, 'fixtures/escrow/idl/escrow.json').toPath())
def calls = Templates.read(ScenarioSource.read(done.toPath(), 'fuzz/filled.yaml'), idl,
    PublicKey.fromBase58Encoded(world['program']))
assert calls*.instruction() == idl.instructions()*.name()
// a derived PDA is the world's: buy_tokens' config and vault
def buy = calls.find { it.instruction() == 'buy_tokens' }
assert buy.accounts().find { it.name() == 'config' }.key().toBase58() == world['config']
assert buy.accounts().find { it.name() == 'vault' }.key().toBase58() == world['sale-1-vault']
true

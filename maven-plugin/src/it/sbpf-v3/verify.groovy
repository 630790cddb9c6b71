// The SBPF v3 escrow: the fuzz campaign and the wiring check give the same result per check id as
// on the v0 build, every one a PASS that judged cases; and the state audit passes under both
// loaders, naming the v3 binary's hash (solana-verify's rule, computed here from the file) and
// the security.txt found in it.
import java.security.MessageDigest

def root = new File(basedir, '../../../..').canonicalFile
def so = new File(root, 'fixtures/escrow/bin/escrow-v3.so')
byte[] bytes = so.bytes
assert (bytes[48] & 0xff) == 3 : 'escrow-v3.so has e_flags 3'
int end = bytes.length
while (end > 0 && bytes[end - 1] == 0) { end-- }
def sha = MessageDigest.getInstance('SHA-256')
sha.update(bytes, 0, end)
def expected = sha.digest().encodeHex().toString()

def log = new File(basedir, 'build.log').text
assert log.count('PASS: no finding at or above high') == 4

def slurper = new groovy.json.JsonSlurper()
def hashField = 'on-chain program hash (sha256, solana-verify rule)'
// The state checks, from the check registry (this script runs with the plugin's class path).
def registry = dev.preflight.core.check.CheckRegistry.load(dev.preflight.core.check.CheckRegistry.classLoader)
def stateIds = registry.stateCheckIds()
// The families of the sections this policy configures (program, governance, presets): each of
// their checks passes; the others have nothing to judge here (no mints, no ops, one cluster).
def configured = ['program.', 'multisig.', 'config.']
assert configured.every { f -> stateIds.any { it.startsWith(f) } }
['upgradeable', 'loader-v4'].each { run ->
  def report = slurper.parse(new File(basedir, "target/preflight-${run}/preflight-report.json"))
  def result = { id -> report.results.find { it.checkId == id } }
  stateIds.each { id ->
    def r = result(id)
    assert r : "${run}: no result for ${id}"
    def allowed = configured.any { id.startsWith(it) } ? ['pass'] : ['pass', 'not-applicable']
    assert r.outcome in allowed : "${run}: ${id} is ${r.outcome}: ${r.message}"
  }
  def hash = result('program.binary-hash').evidence.find { it.field == hashField }
  assert hash?.value == expected : "${run}: hash ${hash?.value}, file ${expected}"
  def name = result('program.security-txt').evidence.find { it.field == 'security.txt name' }
  assert name?.value == 'Preflight Reference Token-Sale Escrow'
  def fields = result('program.upgrade-authority').evidence*.field
  if (run == 'loader-v4') {
    assert fields.containsAll(['loader-v4 status', 'loader-v4 authority']) : fields
    assert result('program.upgrade-authority').evidence.find { it.field == 'loader-v4 status' }.value == 'DEPLOYED'
  } else {
    assert fields.containsAll(['programdata_address', 'upgrade_authority']) : fields
  }
}

// Fuzz: one policy, the v0 and the v3 build.
// Every id a campaign reports, from the check registry (this script runs with the plugin's class path).
def fuzzIds = dev.preflight.core.fuzz.FuzzCampaign.definitions()*.id()
def outcomes = ['v0', 'v3'].collectEntries { v ->
  def report = slurper.parse(new File(basedir, "target/preflight-fuzz-${v}/preflight-report.json"))
  [(v): report.results.findAll { it.checkId.startsWith('fuzz.') || it.checkId.startsWith('wiring.') }
      .collectEntries { [(it.checkId): it.outcome] }]
}
assert outcomes.v0.keySet() == fuzzIds as Set : outcomes.v0
assert outcomes.v3 == outcomes.v0 : "v3 ${outcomes.v3} vs v0 ${outcomes.v0}"
outcomes.v3.each { id, outcome -> assert outcome == 'pass' || outcome == 'not-applicable' && id in ['fuzz.prefunded-account', 'fuzz.coverage'] : "${id} is ${outcome}" }
// coverage: measured on v0 (no minimum in the policy, so not judged), never traced on v3
def v0Fuzz = slurper.parse(new File(basedir, 'target/preflight-fuzz-v0/preflight-report.json'))
assert v0Fuzz.coverage && v0Fuzz.coverage.reached > 0 : 'the v0 campaign measured coverage'
def v3Coverage = slurper.parse(new File(basedir, 'target/preflight-fuzz-v3/preflight-report.json'))
assert !v3Coverage.coverage
assert v3Coverage.results.find { it.checkId == 'fuzz.coverage' }.message.contains('SBPF v3')
def v3Fuzz = slurper.parse(new File(basedir, 'target/preflight-fuzz-v3/preflight-report.json'))
assert v3Fuzz.results.find { it.checkId == 'fuzz.conservation' }.message.startsWith('2000 cases')
true

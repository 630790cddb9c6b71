// A scenario call that fails as given gives no evidence: the oracles that judge successful calls
// are INCONCLUSIVE, naming the instruction and its IDL error, never PASS.
import groovy.json.JsonSlurper

def report = new JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
def byId = { id -> report.results.findAll { it.checkId == id } }

// Those oracles, as the campaign declares them (this script runs with the plugin's class path).
def judgingSuccesses = dev.preflight.core.fuzz.FuzzCampaign.judgingSuccessfulCalls()
assert !judgingSuccesses.isEmpty()
judgingSuccesses.each { id ->
  def rs = byId(id)
  assert rs.size() == 1 : "${id}: ${rs}"
  def r = rs[0]
  assert r.outcome == 'inconclusive' : "${id} must not pass without evidence: ${r}"
  assert r.message.contains('execute_update') && r.message.contains('NoPendingProposal (6011)') : r.message
}
// the one that judges failures too ran and passed; set_emergency_stop succeeded, so its
// per-instruction evidence says so
assert !judgingSuccesses.contains('fuzz.unexpected-failure-mode')
assert byId('fuzz.unexpected-failure-mode')[0].outcome == 'pass'
def sample = judgingSuccesses.sort()[0]
def counts = byId(sample)[0].evidence.find { it.field == 'fuzz.instruction.execute_update' }
assert counts && counts.value.contains('0 succeeded') && counts.value.contains('NoPendingProposal (6011)') : counts

def log = new File(basedir, 'build.log').text
assert log.contains('call template execute_update fails as given: NoPendingProposal (6011)')
assert !log.contains('at dev.preflight') : 'no stack trace'

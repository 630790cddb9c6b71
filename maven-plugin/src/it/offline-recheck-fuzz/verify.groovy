// The live check found the defect and recorded every fuzz result in the snapshot; the offline
// re-check shows each of them as recorded (marked "from snapshot"), and its gate fails on the
// recorded FAIL just as the live one did.
import groovy.json.JsonSlurper

def slurp = { new JsonSlurper().parse(new File(basedir, it)) }
def live = slurp('target/preflight/preflight-report.json')
def replay = slurp('target/recheck/preflight-report.json')
def snapshot = slurp('target/preflight/preflight-snapshot.json')

def fuzzIds = ['fuzz.unexpected-failure-mode', 'fuzz.unauthorized-success', 'fuzz.bounds-accepted',
               'fuzz.account-substitution', 'fuzz.conservation', 'fuzz.compute-budget',
               'fuzz.reinitialization', 'fuzz.prefunded-account', 'fuzz.coverage']
def fuzzOf = { report -> report.results.findAll { it.checkId.startsWith('fuzz.') } }

assert fuzzOf(live)*.checkId.unique().sort() == fuzzIds.sort()
def finding = live.results.find { it.checkId == 'fuzz.unauthorized-success' && it.outcome == 'fail' }
assert finding : 'the campaign must find the stop-unauthorized defect'

// The snapshot records them, reproducers included.
assert snapshot.recorded*.fingerprint.sort() == fuzzOf(live)*.fingerprint.sort()
assert snapshot.recorded.find { it.fingerprint == finding.fingerprint }
    .evidence.any { it.field == 'reproducer.transaction' && it.value }

// The re-check shows each as recorded: same outcome and message, marked from the snapshot.
assert fuzzOf(replay).size() == fuzzOf(live).size()
fuzzOf(live).each { was ->
  def now = replay.results.find { it.fingerprint == was.fingerprint }
  assert now : "offline re-check lost ${was.checkId}"
  assert now.outcome == was.outcome && now.message == was.message
  def mark = now.evidence.find { it.field == 'recorded' }
  assert mark && mark.value.startsWith('from snapshot taken 2026-03-01T00:00:00Z') : now
}
assert new File(basedir, 'target/recheck/index.html').text.contains('FROM SNAPSHOT')

def log = new File(basedir, 'build.log').text
assert log.contains('re-checking offline from')
assert log.count('Preflight gate FAIL') == 2 : 'both the live run and the re-check fail the gate'
assert !log.contains('at dev.preflight') : 'a finding must not print a stack trace'

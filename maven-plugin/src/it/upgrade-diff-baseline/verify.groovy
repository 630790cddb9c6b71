// Without a baseline the difference fails the gate and is named with a ready-to-paste entry;
// with the baseline accepting it, it is reported as attested and the build passes.
import groovy.json.JsonSlurper

def slurp = { new JsonSlurper().parse(new File(basedir, it)) }
def failed = slurp('target/preflight/preflight-report.json')
def accepted = slurp('target/accepted/preflight-report.json')

def diffOf = { report -> report.results.findAll { it.checkId == 'upgrade.diff' } }
def stop = diffOf(failed).find { it.outcome == 'fail' && it.message.contains('set_emergency_stop: outcome') }
assert stop : "the candidate's unauthorized stop must be a new difference: ${diffOf(failed)*.message}"
assert stop.fingerprint == 'b8812476bb4bcddc9cec1ad06fbe1f65'
assert stop.evidence.any { it.field == 'upgrade.deployed' && it.value.startsWith('NotEnoughSignatures') }
assert stop.evidence.any { it.field == 'upgrade.candidate-value' && it.value == 'ok' }
assert stop.evidence.any { it.field == 'reproducer.transaction' && it.value }
assert new File(basedir, 'target/preflight/index.html').text.contains('<section id="upgrade-diff">')

assert diffOf(accepted).every { it.outcome == 'attested' } : diffOf(accepted)*.message
def acceptedStop = diffOf(accepted).find { it.fingerprint == stop.fingerprint }
assert acceptedStop
// the JSON says who accepted it, why and until when (a CI job reads it without the HTML)
assert acceptedStop.acceptedDifference?.owner : acceptedStop
assert acceptedStop.acceptedDifference.reason
assert acceptedStop.acceptedDifference.expires ==~ /\d{4}-\d{2}-\d{2}/
assert acceptedStop.acceptedDifference.source.startsWith('accepted.yaml')

def log = new File(basedir, 'build.log').text
assert log.contains('upgrade diff: new difference set_emergency_stop: outcome')
assert log.contains('fingerprint: "b8812476bb4bcddc9cec1ad06fbe1f65"') : 'a ready-to-paste baseline entry'
assert log.contains('1 accepted differences in accepted.yaml')
assert !log.contains('at dev.preflight') : 'a difference must not print a stack trace'

// The auditor re-checks the team's snapshot offline with the team's policy: same findings as the
// team's report (the diff is empty), the gate verdict printed, the build not failed.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('re-checking offline from')
assert !log.contains('starting the embedded validator')
assert log =~ /Compared with the report of \S+: 0 new, 0 resolved, 0 changed, 1 unchanged finding\(s\)\./
assert log.contains('The gate would fail (FAIL: 1 finding at or above high)')
def team = new JsonSlurper().parse(new File(basedir, 'handoff/preflight-report.json'))
def mine = new JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
assert mine.generatedAt == team.generatedAt
assert mine.results.collect { [it.fingerprint, it.outcome] } == team.results.collect { [it.fingerprint, it.outcome] }

// Re-checking offline from the snapshot gives the same report, field for field, except the RPC
// statistics (a replay makes no calls).
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

def live = new JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
def replay = new JsonSlurper().parse(new File(basedir, 'target/recheck/preflight-report.json'))
assert live.generatedAt == '2026-03-01T00:00:00Z'
assert replay.generatedAt == live.generatedAt
assert live.rpc.calls > 0 && replay.rpc.calls == 0
live.remove('rpc'); replay.remove('rpc')
assert JsonOutput.toJson(live) == JsonOutput.toJson(replay)
def log = new File(basedir, 'build.log').text
assert log.contains('re-checking offline from')

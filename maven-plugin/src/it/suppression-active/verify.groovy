// The same failing finding, suppressed until 2099: the gate passes and says so.
def log = new File(basedir, 'build.log').text
assert log.contains('PASS: no finding at or above high (1 suppressed)')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight.sarif.json'))
def r = sarif.runs[0].results.find { it.ruleId == 'multisig.threshold' }
assert r != null && r.suppressions?.size() == 1

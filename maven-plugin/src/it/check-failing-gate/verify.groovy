// A policy asking for 3 signatures fails the 2-of-3 multisig: the build fails with the finding,
// and the reports are still written for the reader.
def log = new File(basedir, 'build.log').text
assert log.contains('Preflight gate FAIL: 1 finding at or above high')
assert log.contains('multisig.threshold')
assert !log.contains('at dev.preflight') : 'a finding must not print a stack trace'
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight-report.json'))
assert report.results.find { it.checkId == 'multisig.threshold' }.outcome == 'fail'
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/preflight/preflight.sarif.json'))
assert sarif.runs[0].results.any { it.ruleId == 'multisig.threshold' }

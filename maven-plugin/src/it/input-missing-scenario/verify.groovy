// A fuzz scenario file that is not there, with mainnet: false: the build fails before any cluster is read, and the log
// names the policy key (file:line:column) and the file; no stack trace, no validator started.
def log = new File(basedir, 'build.log').text
assert log.contains('Preflight did not start: 1 input is missing or invalid')
assert log.contains("preflight.yaml:13:3 fuzz.scenario: ")
assert log.contains("scenarios/buy.yaml does not exist")
assert !log.contains('starting the embedded validator')
assert !log.contains('at dev.preflight.core')
assert !new File(basedir, 'target/preflight/preflight-report.json').exists()
